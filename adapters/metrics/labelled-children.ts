/**
 * prom-client's `labels(...)` hashes its label values into a string on every call. This cache finds
 * the bound child through one map per label instead, so a hot path builds no string once a label
 * combination has been seen.
 */
type LabelValue = string | number;

interface Labelled<Child> {
  labels(...values: string[]): Child;
}

type Level<Child> = Map<LabelValue, Level<Child> | Child>;

export class LabelledChildren<Child> {
  private readonly root: Level<Child> = new Map();

  constructor(private readonly metric: Labelled<Child>) {}

  /** The child bound to these label values, in the metric's labelNames order. */
  child(...values: readonly LabelValue[]): Child {
    let level = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      const value = values[i] as LabelValue;
      let next = level.get(value) as Level<Child> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const key = values[last] as LabelValue;
    let child = level.get(key) as Child | undefined;
    if (child === undefined) {
      child = this.metric.labels(...values.map(String));
      level.set(key, child);
    }
    return child;
  }
}
