import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Build-time settings. Only TARO_APP_* values reach the bundle, and they are URLs and an appid: never secrets.
 * API_PORT / SANDBOX_PORT / H5_PORT are the monorepo-wide port variables; they only pick defaults here.
 */
const apiBaseUrl = process.env.TARO_APP_API_BASE_URL || `http://127.0.0.1:${process.env.API_PORT || 3000}`
const sandboxUrl = process.env.TARO_APP_SANDBOX_URL || `http://127.0.0.1:${process.env.SANDBOX_PORT || 4010}`
const h5Port = Number(process.env.H5_PORT || 10086)

// Taro writes dist/project.config.json with process.env.TARO_APP_ID as the appid; ours is named for the
// project, and WeChat DevTools accepts the placeholder `touristappid` for local preview.
process.env.TARO_APP_ID = process.env.TARO_APP_WECHAT_APPID || process.env.TARO_APP_ID || 'touristappid'

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'minipay',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // One folder per target so a weapp build never overwrites the H5 one (the e2e test builds H5 elsewhere).
    outputRoot: process.env.MINIPAY_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE_URL: JSON.stringify(apiBaseUrl),
      TARO_APP_SANDBOX_URL: JSON.stringify(sandboxUrl),
      // 'wechat' (default: real wx.login / wx.requestPayment) or 'sandbox' (weapp preview against the sandbox).
      TARO_APP_BRIDGE: JSON.stringify(process.env.TARO_APP_BRIDGE || 'wechat'),
    },
    defineConstants: {},
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: {
        mode: 'hash',
      },
      devServer: {
        host: '127.0.0.1',
        port: h5Port,
        open: false,
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
