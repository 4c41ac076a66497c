/** The node's service for the cooperation ledger. Built and started by openNode (src/node/node.ts). */
import type { NodeCore } from '../node/node.ts';

export class CooperationService {
  constructor(private readonly node: NodeCore) {}

  /** Starts background work (e.g. following the change feed). */
  async start(): Promise<void> {
    void this.node;
  }

  /** Stops background work; the node closes its database after this resolves. */
  async stop(): Promise<void> {}
}
