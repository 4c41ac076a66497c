/** The node's service for correlation of records from every source (src/analysis/). Built and started by openNode (src/node/node.ts). */
import type { NodeCore } from '../node/node.ts';

export class AnalysisService {
  constructor(private readonly node: NodeCore) {}

  /** Starts background work (e.g. following the change feed). */
  async start(): Promise<void> {
    void this.node;
  }

  /** Stops background work; the node closes its database after this resolves. */
  async stop(): Promise<void> {}
}
