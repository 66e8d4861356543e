package dev.kaftalk.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One in-process KRaft node: a broker, a controller, or both. A single combined node is Kaftalk's embedded default;
 * the failover test cluster runs three brokers and three controllers, one per JVM.
 */
public final class KraftNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KraftNode.class);
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** What a node does ({@code process.roles}): its role decides which of its two ports it listens on. */
  public enum Role {
    BROKER("broker"), CONTROLLER("controller"), COMBINED("broker,controller");

    private final String processRoles;

    Role(String processRoles) {
      this.processRoles = processRoles;
    }

    boolean broker() {
      return this != CONTROLLER;
    }

    boolean controller() {
      return this != BROKER;
    }
  }

  private final int nodeId;
  private final int brokerPort;
  private final KafkaRaftServer server;

  private KraftNode(int nodeId, int brokerPort, KafkaRaftServer server) {
    this.nodeId = nodeId;
    this.brokerPort = brokerPort;
    this.server = server;
  }

  /**
   * Formats {@code dataDir} on first use (reusing it on later starts) and starts the node.
   *
   * @param brokerPort     the client port; unused by a {@link Role#CONTROLLER}
   * @param controllerPort the quorum port; unused by a {@link Role#BROKER}, which finds the controllers in {@code voters}
   * @param voters         the static quorum, e.g. {@code 1@127.0.0.1:9093,2@127.0.0.1:9095}
   * @param clusterSize    how many brokers the cluster has; sizes the replication of Kafka's internal topics
   * @param overrides      extra properties that win over the defaults chosen here
   */
  public static KraftNode start(int nodeId, Role role, Path dataDir, int brokerPort, int controllerPort,
                                String voters, int clusterSize, Map<String, String> overrides) {
    Properties props = nodeProperties(nodeId, role, dataDir, brokerPort, controllerPort, voters, clusterSize);
    props.putAll(overrides);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    formatIfNeeded(nodeId, dataDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info("Kafka node {} ({}) listening on 127.0.0.1:{} (data {})", nodeId, role.processRoles,
        role.broker() ? brokerPort : controllerPort, dataDir);
    return new KraftNode(nodeId, brokerPort, server);
  }

  /**
   * A single-node cluster, as the default run and most tests use. After a crash (SIGKILL, power loss) the restarted
   * controller finds the dead incarnation's registration unfenced, gives it a full {@code broker.session.timeout.ms}
   * from its own activation, and refuses the new incarnation's registration until then ({@code
   * DuplicateBrokerRegistrationException}); the broker asks again every {@code broker.heartbeat.interval.ms}. A clean
   * stop fences the broker first (controlled shutdown), so only a crash pays this. Broker and controller share the
   * process, so a short session moves no leadership (there is no other broker) and heartbeats never leave loopback:
   * 1 s and 100 ms keep the crash restart's wait under 1 s and shorten every start's wait for unfencing, while a JVM
   * stalled for a whole second (GC, a starved machine) fences its own broker, and leaves its partitions without a
   * leader (sends wait and retry), only until its next heartbeat.
   */
  public static KraftNode startSingle(Path dataDir, int brokerPort, int controllerPort) {
    return start(1, Role.COMBINED, dataDir, brokerPort, controllerPort, "1@127.0.0.1:" + controllerPort, 1,
        Map.of("broker.session.timeout.ms", "1000", "broker.heartbeat.interval.ms", "100"));
  }

  public int nodeId() {
    return nodeId;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka node {} stopped", nodeId);
  }

  private static Properties nodeProperties(int nodeId, Role role, Path dataDir, int brokerPort, int controllerPort,
                                          String voters, int clusterSize) {
    String internalReplicas = Integer.toString(Math.min(clusterSize, 3));
    String internalMinIsr = Integer.toString(Math.min(clusterSize, 2));
    Properties p = new Properties();
    p.put("process.roles", role.processRoles);
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", voters);
    List<String> listeners = new ArrayList<>();
    if (role.broker()) {
      listeners.add("PLAINTEXT://127.0.0.1:" + brokerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      p.put("inter.broker.listener.name", "PLAINTEXT");
    }
    if (role.controller()) {
      listeners.add(CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    }
    p.put("listeners", String.join(",", listeners));
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().normalize().toString());
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", internalReplicas);
    p.put("offsets.topic.num.partitions", "10");
    p.put("transaction.state.log.replication.factor", internalReplicas);
    p.put("transaction.state.log.min.isr", internalMinIsr);
    p.put("share.coordinator.state.topic.replication.factor", internalReplicas);
    p.put("share.coordinator.state.topic.min.isr", internalMinIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's 128 MiB default buffer lives on the heap; compacted state topics here are small.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    return p;
  }

  private static void formatIfNeeded(int nodeId, Path dataDir) {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dataDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId(dataDir))
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(dataDir.toAbsolutePath().normalize().toString())
          .setDirectories(List.of(dataDir.toAbsolutePath().normalize().toString()))
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
      LOG.info("Formatted Kafka storage for node {} in {}", nodeId, dataDir);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every node of a cluster must be formatted with the same id, so the cluster's id is derived from a file
   * shared by its nodes when there is one ({@code ../cluster.id}), and otherwise chosen at random.
   */
  private static String clusterId(Path dataDir) throws IOException {
    Path shared = dataDir.toAbsolutePath().getParent().resolve("cluster.id");
    if (Files.exists(shared)) {
      return Files.readString(shared).trim();
    }
    return Uuid.randomUuid().toString();
  }
}
