// A workflow interceptor for the sustained bench, bundled with the workflows: after a
// `deviceEvents` signal was applied, it hands the events' device timestamps to the worker-side
// sink `lag.applied`, which the worker calls once the activation is done (never during replay).
// Device timestamp → applied in the workflow is the end-to-end lag the bench reports.
import {
  proxySinks,
  type Next,
  type SignalInput,
  type Sinks,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** The sink the probe calls: device timestamps (ISO) and types of the events just applied. */
export interface LagSinks extends Sinks {
  lag: { applied(events: readonly { readonly occurredAt: string; readonly type: string }[]): void };
}

const { lag } = proxySinks<LagSinks>();

class LagProbe implements WorkflowInboundCallsInterceptor {
  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    await next(input);
    if (input.signalName !== 'deviceEvents') return;
    const events = input.args[0] as readonly { occurredAt: string; type: string }[];
    lag.applied(events.map(({ occurredAt, type }) => ({ occurredAt, type })));
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new LagProbe()] });
