import { MAX_LINE_QUANTITY, MAX_ORDER_LINES, type CreateOrderRequest, type Money, type Product } from '@minipay/contracts'
import { multiplyMoney, sumByCurrency } from './money'
import { readStorage, writeStorage } from './storage'

export const CART_STORAGE_KEY = 'minipay.cart'

export interface CartLine {
  productId: string
  name: string
  /** The price shown when added; the server prices the order itself and its amount is what gets paid. */
  unitPrice: Money
  quantity: number
  /** The product's picture (a path on the API), shown beside the line. */
  imageUrl?: string | null
}

export interface CartState {
  lines: readonly CartLine[]
  /**
   * Idempotency-Key for creating an order from exactly these lines: a retried checkout (lost answer, tap twice)
   * must not create a second order, while a changed cart must.
   */
  checkoutKey: string
}

type Listener = () => void

function newKey(): string {
  // No crypto.getRandomValues in every mini program runtime; uniqueness per device is what matters here.
  const random = Math.random().toString(36).slice(2, 12)
  return `mp-${Date.now().toString(36)}-${random}`
}

function isCartLine(value: unknown): value is CartLine {
  const line = value as CartLine
  return (
    !!line &&
    typeof line.productId === 'string' &&
    typeof line.name === 'string' &&
    Number.isInteger(line.quantity) &&
    line.quantity > 0 &&
    !!line.unitPrice &&
    Number.isInteger(line.unitPrice.value) &&
    typeof line.unitPrice.currency === 'string'
  )
}

function load(): CartState {
  const stored = readStorage<CartState>(CART_STORAGE_KEY)
  const lines = Array.isArray(stored?.lines) ? stored.lines.filter(isCartLine) : []
  return { lines, checkoutKey: typeof stored?.checkoutKey === 'string' ? stored.checkoutKey : newKey() }
}

let state: CartState | null = null
const listeners = new Set<Listener>()

function current(): CartState {
  if (!state) state = load()
  return state
}

function commit(lines: CartLine[]): void {
  state = { lines, checkoutKey: newKey() }
  writeStorage(CART_STORAGE_KEY, state)
  listeners.forEach((listener) => listener())
}

export const cart = {
  getSnapshot(): CartState {
    return current()
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },

  quantityOf(productId: string): number {
    return current().lines.find((line) => line.productId === productId)?.quantity ?? 0
  },

  add(product: Pick<Product, 'id' | 'name' | 'price'> & Partial<Pick<Product, 'imageUrl'>>, quantity = 1): void {
    const existing = current().lines.find((line) => line.productId === product.id)
    if (existing) {
      cart.setQuantity(product.id, existing.quantity + quantity)
      return
    }
    if (current().lines.length >= MAX_ORDER_LINES) return
    commit([
      ...current().lines,
      {
        productId: product.id,
        name: product.name,
        unitPrice: product.price,
        quantity: Math.min(quantity, MAX_LINE_QUANTITY),
        imageUrl: product.imageUrl ?? null,
      },
    ])
  },

  /** 0 removes the line; quantities are clamped to what the API accepts. */
  setQuantity(productId: string, quantity: number): void {
    const clamped = Math.max(0, Math.min(MAX_LINE_QUANTITY, Math.trunc(quantity)))
    const lines = current()
      .lines.map((line) => (line.productId === productId ? { ...line, quantity: clamped } : line))
      .filter((line) => line.quantity > 0)
    commit(lines)
  },

  clear(): void {
    commit([])
  },
}

export function cartCount(snapshot: CartState): number {
  return snapshot.lines.reduce((sum, line) => sum + line.quantity, 0)
}

export function cartTotals(snapshot: CartState): Money[] {
  return sumByCurrency(snapshot.lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)))
}

export function toOrderRequest(snapshot: CartState): CreateOrderRequest {
  return { items: snapshot.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })) }
}

/** For tests: forget the in-memory copy so the next read comes from storage. */
export function resetCartForTests(): void {
  state = null
  listeners.clear()
}
