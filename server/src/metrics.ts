/** Prometheus metrics (prom-client). The media and room modules update these gauges. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
// The event-loop delay histogram samples with a libuv timer: prom-client's default 10 ms wakes the
// process 100 times a second even when idle (~0.005 of a core here, half of an idle server's CPU,
// measured by the `sfu` bench). At 100 ms a stall long enough to matter to a call still shows.
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });

const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });

export const metrics = {
  sessions: gauge('mediation_sessions_active', 'Sessions with a live room'),
  participants: gauge('mediation_participants_connected', 'Participants with a live connection'),
  transports: gauge('mediation_webrtc_transports', 'Open mediasoup WebRTC transports'),
  producers: gauge('mediation_producers', 'Open mediasoup producers'),
  consumers: gauge('mediation_consumers', 'Open mediasoup consumers'),
  rejected: new Counter({ name: 'mediation_requests_rejected_total', help: 'Requests refused, by error code', labelNames: ['code'], registers: [registry] }),
};
