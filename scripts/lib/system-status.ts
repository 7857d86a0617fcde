// One screen of system status, read only from public interfaces: /health, /health/ready, /metrics and
// Kafka's own metadata. Hosts and ports come from the topology of the running system (stack.env with
// .local/run/topology.env over it), so a `--brokers 3 --replicas 2` system shows every broker and every
// instance. Anything that does not answer is reported as down; the rest still prints; exit 1 when
// anything is down or degraded (an instance, a server, a broker, an under-replicated or offline partition).
import { brokerNodes, SERVICES } from '../../infrastructure/native/topology';
import { toolKafkaBrokers, toolStackEnv } from './order-urls';
import { kafkaSection, type Section } from './status-kafka';
import { servicesSection } from './status-services';

// Each request has its own short timeout; this bounds the whole command whatever a half-dead broker does.
const DEADLINE_MS = 30_000;

function withDeadline(section: Promise<Section>, what: string): Promise<Section> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Section>((resolve) => {
    timer = setTimeout(
      () => resolve({ rows: [`${what} DOWN (no answer within ${DEADLINE_MS / 1000} s)`], problems: 1 }),
      DEADLINE_MS,
    );
  });
  return Promise.race([section, late]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  const env = toolStackEnv();
  const kafka = kafkaSection({
    brokers: toolKafkaBrokers(process.env.KAFKA_BROKERS, env),
    expected: brokerNodes(env),
    topic: process.env.KAFKA_TOPIC ?? 'orders.events',
    dlq: process.env.KAFKA_DLQ_TOPIC ?? 'orders.events.dlq',
    groups: SERVICES,
  });
  const [services, cluster] = await Promise.all([
    withDeadline(servicesSection(env), 'SERVICES'),
    withDeadline(kafka, 'KAFKA'),
  ]);
  console.log(
    [`Kafka Order Tracking — status at ${new Date().toISOString()}`, '', ...services.rows, '', ...cluster.rows].join(
      '\n',
    ),
  );
  process.exitCode = services.problems + cluster.problems > 0 ? 1 : 0;
}

main().then(
  // kafkajs may keep a socket to a broker that never answered; the screen is printed, so leave.
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
