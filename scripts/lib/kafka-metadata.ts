// The cluster's metadata (live brokers, the controller, and leader/replicas/ISR of a few topics' partitions),
// asked of a broker with one Metadata v4 request over a plain socket. kafkajs cannot be used for this:
// its metadata parser throws the whole answer away as soon as one partition of any topic has no leader
// (that partition's LEADER_NOT_AVAILABLE becomes an exception), which breaks admin.connect() and
// describeCluster() as well as fetchTopicMetadata, and an offline partition is exactly what
// system-status must be able to show. v4 is the oldest version Kafka 4 still answers (KIP-896), and
// has everything shown here.
import net from 'node:net';

export interface PartitionMetadata {
  partition: number;
  /** -1 when the partition has no leader (offline) */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicMetadata {
  name: string;
  /** Kafka's error code for the topic; 3 = it does not exist */
  errorCode: number;
  partitions: PartitionMetadata[];
}

export interface ClusterMetadata {
  /** the brokers the controller knows as alive */
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  controller: number;
  topics: TopicMetadata[];
}

const METADATA_API = 3;
const METADATA_VERSION = 4;

function kafkaString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The whole request, size prefix included. */
export function encodeMetadataRequest(topics: string[], correlationId: number, clientId: string): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt16BE(METADATA_API, 0);
  header.writeInt16BE(METADATA_VERSION, 2);
  header.writeInt32BE(correlationId, 4);
  const count = Buffer.alloc(4);
  count.writeInt32BE(topics.length);
  // allow_auto_topic_creation = false: asking about a missing topic must not create it.
  const body = Buffer.concat([header, kafkaString(clientId), count, ...topics.map(kafkaString), Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Reads big-endian Kafka primitives front to back. */
class Reader {
  private at = 0;
  constructor(private readonly buffer: Buffer) {}
  int8 = () => this.step(1, this.buffer.readInt8(this.at));
  int16 = () => this.step(2, this.buffer.readInt16BE(this.at));
  int32 = () => this.step(4, this.buffer.readInt32BE(this.at));
  string = (): string | null => {
    const length = this.int16();
    return length < 0 ? null : this.step(length, this.buffer.toString('utf8', this.at, this.at + length));
  };
  array = <T>(item: () => T): T[] => Array.from({ length: Math.max(0, this.int32()) }, item);
  private step<T>(bytes: number, value: T): T {
    this.at += bytes;
    return value;
  }
}

/** The response after its size prefix: correlation id, then the Metadata v4 body. */
export function decodeMetadataResponse(frame: Buffer): ClusterMetadata {
  const r = new Reader(frame);
  r.int32(); // correlation id
  r.int32(); // throttle time
  const brokers = r.array(() => {
    const broker = { nodeId: r.int32(), host: r.string() ?? '', port: r.int32() };
    r.string(); // rack
    return broker;
  });
  r.string(); // cluster id
  const controller = r.int32();
  const topics = r.array(() => {
    const errorCode = r.int16();
    const name = r.string() ?? '';
    r.int8(); // is internal
    const partitions = r.array(() => {
      r.int16(); // partition error: LEADER_NOT_AVAILABLE is read from the leader below
      return { partition: r.int32(), leader: r.int32(), replicas: r.array(r.int32), isr: r.array(r.int32) };
    });
    return { name, errorCode, partitions: partitions.sort((a, b) => a.partition - b.partition) };
  });
  return { brokers: brokers.sort((a, b) => a.nodeId - b.nodeId), controller, topics };
}

function askOne(address: string, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${address} did not answer in ${timeoutMs} ms`)));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.end();
        resolve(received.subarray(4, 4 + received.readInt32BE(0)));
      }
    });
    socket.on('connect', () => socket.write(request));
  });
}

/** Asks each broker in turn until one answers; throws the last error when none does. */
export async function fetchClusterMetadata(
  brokers: string[],
  topics: string[],
  timeoutMs = 2000,
): Promise<ClusterMetadata> {
  const request = encodeMetadataRequest(topics, 1, 'system-status');
  let lastError: unknown = new Error('no broker to ask');
  for (const broker of brokers) {
    try {
      return decodeMetadataResponse(await askOne(broker, request, timeoutMs));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
