import type { AuditedEvent, AuditSubjects } from '../../domain/audit/audit-subjects.js';
import { describeEvent, isLinkedStream } from '../../domain/audit/audit-subjects.js';

/** Where links come from when a fold starts past the beginning of the log (the audit-index read model). */
export type LoadAuditLink = (stream: string) => Promise<AuditSubjects | null>;

/**
 * The stream links of audit-subjects.ts, kept in memory while folding the log in order. Start
 * empty at the beginning of the log; starting at a checkpoint, `seed` each page's streams first.
 */
export class AuditLinks {
  private readonly links = new Map<string, AuditSubjects>();
  private readonly seeded = new Set<string>();

  /** The event's subjects; records the links it changes. Call once per event, in log order. */
  observe(event: AuditedEvent): AuditSubjects {
    const described = describeEvent(event, this.links.get(event.streamName) ?? null);
    for (const update of described.updates) this.links.set(update.stream, update.link);
    return described.subjects;
  }

  /** Loads the links of streams not seen yet, as of the point the fold starts from. */
  async seed(streams: Iterable<string>, load: LoadAuditLink): Promise<void> {
    for (const stream of streams) {
      if (!isLinkedStream(stream) || this.links.has(stream) || this.seeded.has(stream)) continue;
      this.seeded.add(stream);
      const link = await load(stream);
      if (link !== null) this.links.set(stream, link);
    }
  }
}
