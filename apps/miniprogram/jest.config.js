/** Unit and component tests. @tarojs/* are replaced by small mocks: the real ones need a Taro runtime. */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/dist/'],
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/mocks/components.tsx',
    '\\.css$': '<rootDir>/test/mocks/style.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  clearMocks: true,
}
