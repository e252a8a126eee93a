/** What a simulated journal failure does: fail after writing `writtenBytes` of the batch. */
export interface JournalFault {
  error: Error;
  /** Bytes of the batch that reach the file before the error (default 0; more than the batch
   * means all of it is written and the fdatasync fails). */
  writtenBytes?: number;
}

/**
 * Test seam for I/O faults. `journal` is consulted before each group-commit write; returning
 * a fault makes that write fail the way a full or failing disk would. Never set in production.
 */
export const faults: {
  journal?: () => JournalFault | undefined | Promise<JournalFault | undefined>;
} = {};
