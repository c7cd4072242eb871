/** The provider reference of one payment attempt of an order: unique per attempt, ≤ 32 characters. */
export function attemptReference(merchantOrderId: string, attempt: number): string {
  return `${merchantOrderId}-${attempt}`;
}
