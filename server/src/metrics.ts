/** Prometheus metrics (prom-client). The media and room modules update these gauges. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });

export const metrics = {
  sessions: gauge('mediation_sessions_active', 'Sessions with a live room'),
  participants: gauge('mediation_participants_connected', 'Participants with a live connection'),
  transports: gauge('mediation_webrtc_transports', 'Open mediasoup WebRTC transports'),
  producers: gauge('mediation_producers', 'Open mediasoup producers'),
  consumers: gauge('mediation_consumers', 'Open mediasoup consumers'),
  rejected: new Counter({ name: 'mediation_requests_rejected_total', help: 'Requests refused, by error code', labelNames: ['code'], registers: [registry] }),
};
