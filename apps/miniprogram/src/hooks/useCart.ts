import { useSyncExternalStore } from 'react'
import { cart, type CartState } from '../services/cart'

export function useCart(): CartState {
  return useSyncExternalStore(cart.subscribe, cart.getSnapshot, cart.getSnapshot)
}
