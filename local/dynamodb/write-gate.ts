/**
 * Serialises DynamoDB transactions against every other item operation in this process: item
 * reads and writes hold the gate shared (they run concurrently, as in dynalite), a transaction
 * holds it exclusively while it checks its conditions and applies its writes, so no single-item
 * operation sees half of a transaction or slips between its check and its write. Waiting
 * transactions stop new shared holders from entering, so a busy table cannot starve them.
 */
export interface WriteGate {
  shared(): Promise<() => void>;
  exclusive(): Promise<() => void>;
}

export function createWriteGate(): WriteGate {
  let sharedHolders = 0;
  let exclusiveHeld = false;
  const waiting: Array<{ exclusive: boolean; enter: () => void }> = [];

  const admit = () => {
    while (waiting.length > 0 && !exclusiveHeld) {
      const next = waiting[0]!;
      if (next.exclusive) {
        if (sharedHolders > 0) return;
        waiting.shift();
        exclusiveHeld = true;
        next.enter();
        return;
      }
      waiting.shift();
      sharedHolders += 1;
      next.enter();
    }
  };

  const releaser = (exclusive: boolean) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) exclusiveHeld = false;
      else sharedHolders -= 1;
      admit();
    };
  };

  const enter = (exclusive: boolean) =>
    new Promise<() => void>((resolve) => {
      waiting.push({ exclusive, enter: () => resolve(releaser(exclusive)) });
      admit();
    });

  return { shared: () => enter(false), exclusive: () => enter(true) };
}
