import Taro from '@tarojs/taro'

/** Taro's synchronous storage (wx storage in the mini program, localStorage in H5), never throwing. */
export function readStorage<T>(key: string): T | null {
  try {
    const value = Taro.getStorageSync(key) as T | '' | undefined
    return value === '' || value === undefined ? null : value
  } catch {
    return null
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // Storage full or unavailable: the app still works for this session, only without persistence.
  }
}

export function removeStorage(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // Nothing to clean up.
  }
}
