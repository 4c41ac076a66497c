/** The node's service for the early-warning forecast and its alerts. Built and started by openNode (src/node/node.ts). */
import type { NodeCore } from '../../node/node.ts';

export class ForecastService {
  constructor(private readonly node: NodeCore) {}

  /** Starts background work (e.g. following the change feed). */
  async start(): Promise<void> {
    void this.node;
  }

  /** Stops background work; the node closes its database after this resolves. */
  async stop(): Promise<void> {}
}
