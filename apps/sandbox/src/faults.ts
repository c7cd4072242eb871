/**
 * Fault injection. A fault matches by scope and operation ("*" matches any) and is consumed one
 * request at a time when it has a count; without a count it stays until cleared.
 */
export type FaultScope = 'wechat' | 'intents' | 'adyen' | 'wechatpay' | '*';
export type FaultMode = 'fail' | 'delay' | 'wechat_errcode';

export interface Fault {
  id: number;
  scope: FaultScope;
  operation: string;
  mode: FaultMode;
  remaining?: number;
  status: number;
  delayMs: number;
  errcode?: number;
}

export type NotificationFaultMode = 'drop' | 'duplicate' | 'delay';

export interface NotificationFault {
  id: number;
  scope: 'intents' | 'adyen' | 'wechatpay' | '*';
  mode: NotificationFaultMode;
  remaining?: number;
  copies: number;
  delayMs: number;
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private notificationFaults: NotificationFault[] = [];
  private nextId = 1;

  add(f: Omit<Fault, 'id'>): Fault {
    const fault = { ...f, id: this.nextId++ };
    this.faults.push(fault);
    return fault;
  }

  addNotificationFault(f: Omit<NotificationFault, 'id'>): NotificationFault {
    const fault = { ...f, id: this.nextId++ };
    this.notificationFaults.push(fault);
    return fault;
  }

  /** The first fault matching this request, consumed by one. */
  take(scope: Exclude<FaultScope, '*'>, operation: string): Fault | undefined {
    const fault = this.faults.find((f) => (f.scope === '*' || f.scope === scope) && (f.operation === '*' || f.operation === operation));
    if (fault) this.consume(this.faults, fault);
    return fault ? { ...fault } : undefined;
  }

  takeNotificationFault(scope: 'intents' | 'adyen' | 'wechatpay'): NotificationFault | undefined {
    const fault = this.notificationFaults.find((f) => f.scope === '*' || f.scope === scope);
    if (fault) this.consume(this.notificationFaults, fault);
    return fault ? { ...fault } : undefined;
  }

  list(): { faults: Fault[]; notificationFaults: NotificationFault[] } {
    return { faults: [...this.faults], notificationFaults: [...this.notificationFaults] };
  }

  clear(): void {
    this.faults = [];
    this.notificationFaults = [];
  }

  private consume<T extends { remaining?: number }>(list: T[], fault: T): void {
    if (fault.remaining === undefined) return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) list.splice(list.indexOf(fault), 1);
  }
}
