// Taro's preset for the builds; a plain preset stack for jest (NODE_ENV=test), where Taro's
// platform transforms are not wanted and @tarojs/* are replaced by test/mocks.
module.exports = (api) => {
  const isTest = api.env('test')
  if (isTest) {
    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        ['@babel/preset-typescript', { isTSX: true, allExtensions: true }],
        ['@babel/preset-react', { runtime: 'automatic' }],
      ],
    }
  }
  return {
    presets: [
      [
        'taro',
        {
          framework: 'react',
          ts: true,
          compiler: 'webpack5',
        },
      ],
    ],
  }
}
