// One Prettier configuration for the repository (the root prettier.config.js re-exports it). Wide lines, as
// the code was written; the Taro mini program keeps its template's no-semicolon style.
/** @type {import('prettier').Config} */
export default {
  printWidth: 160,
  singleQuote: true,
  trailingComma: 'all',
  overrides: [{ files: ['apps/miniprogram/**'], options: { semi: false } }],
};
