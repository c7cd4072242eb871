/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** The platform Taro builds for; the bridge picks its implementation with it. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /** The appid written into dist/weapp/project.config.json (build time only). */
    TARO_APP_ID: string
    /** Base URL of apps/api, baked in at build time (config/index.ts). */
    TARO_APP_API_BASE_URL: string
    /** Base URL of apps/sandbox; only the H5 simulated bridge uses it. */
    TARO_APP_SANDBOX_URL: string
    /** 'sandbox' makes the weapp build use the sandbox-driven bridge (DevTools preview); default 'wechat'. */
    TARO_APP_BRIDGE?: string
  }
}
