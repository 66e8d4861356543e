package dev.kaftalk.testing.cluster;

import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.embedded.KraftNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kafka cluster of three brokers (nodes 1-3) and three dedicated KRaft controllers (nodes 101-103), each in its own
 * JVM so that a test can SIGKILL one. Separate controllers keep a broker's death from also being the active
 * controller's: with combined nodes that death first needed a controller election, then a full broker session,
 * before leadership moved (README "Failover timing"). Blocking throughout: call it from the test thread or a worker,
 * never from an event loop.
 */
public final class ThreeBrokerCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ThreeBrokerCluster.class);
  private static final int SIZE = 3;
  private static final int FIRST_CONTROLLER_ID = 101;
  /** Brokers hold the data; a controller only holds the cluster's metadata, which is small here. */
  private static final String BROKER_HEAP = "-Xmx384m";
  private static final String CONTROLLER_HEAP = "-Xmx192m";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final Path dir;
  /** Every node by id: the controllers, then the brokers. */
  private final Map<Integer, Node> nodes;
  private String voters;
  private Admin admin;

  private ThreeBrokerCluster(Path dir, Map<Integer, Node> nodes) {
    this.dir = dir;
    this.nodes = nodes;
  }

  /** Starts the cluster with its data, logs and {@code cluster.id} in {@code dir}, and waits until it serves clients. */
  public static ThreeBrokerCluster start(Path dir) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Map<Integer, Node> nodes = new LinkedHashMap<>();
    ThreeBrokerCluster cluster = new ThreeBrokerCluster(dir, nodes);
    try {
      Files.createDirectories(dir);
      // KraftNode formats every node with the id in <dataDir parent>/cluster.id, which makes them one cluster.
      Files.writeString(dir.resolve("cluster.id"), Uuid.randomUuid().toString());
      List<Integer> ports = distinctFreePorts(2 * SIZE);
      for (int i = 0; i < SIZE; i++) {
        nodes.put(FIRST_CONTROLLER_ID + i, new Node(FIRST_CONTROLLER_ID + i, KraftNode.Role.CONTROLLER, ports.get(i)));
      }
      for (int i = 0; i < SIZE; i++) {
        nodes.put(1 + i, new Node(1 + i, KraftNode.Role.BROKER, ports.get(SIZE + i)));
      }
      cluster.voters = cluster.controllers().map(c -> c.nodeId + "@127.0.0.1:" + c.port)
          .collect(Collectors.joining(","));
      for (Node node : nodes.values()) {
        node.launch(dir, cluster.voters);
      }
      cluster.awaitReady(deadline);
      LOG.info("Three-broker cluster ready at {}, controllers {} (data and logs in {})", cluster.bootstrapServers(),
          cluster.voters, dir);
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException("cannot start the cluster in " + dir, e);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return brokers().map(b -> "127.0.0.1:" + b.port).collect(Collectors.joining(","));
  }

  private Stream<Node> brokers() {
    return nodes.values().stream().filter(n -> n.role == KraftNode.Role.BROKER);
  }

  private Stream<Node> controllers() {
    return nodes.values().stream().filter(n -> n.role == KraftNode.Role.CONTROLLER);
  }

  /**
   * The node that leads {@code topic}'s {@code partition} as the cluster's metadata says now. A killed leader is
   * still reported until the controller fences it, a few seconds after its death.
   */
  public int leaderOf(String topic, int partition) {
    TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    org.apache.kafka.common.Node leader = description.partitions().get(partition).leader();
    if (leader == null || leader.isEmpty()) {
      throw new IllegalStateException(topic + "-" + partition + " has no leader");
    }
    return leader.id();
  }

  /** The node that is the active controller now: one of the controllers, never a broker. */
  public int controller() {
    return await(admin.describeMetadataQuorum().quorumInfo()).leaderId();
  }

  /** SIGKILLs the node's JVM, so it gets no chance to hand over leadership, and returns once it is gone. */
  public void kill(int nodeId) {
    node(nodeId).kill();
    LOG.info("Killed Kafka node {}", nodeId);
  }

  /**
   * Starts a killed node again on its data and ports, and returns once the cluster can lose a node once more: every
   * partition of {@code topics} has all its replicas in sync, and every controller has caught up with the quorum's
   * leader since the restart. The node's log starts afresh.
   */
  public void restart(int nodeId, Collection<String> topics) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Node node = node(nodeId);
    long launchedAtMs = System.currentTimeMillis();
    try {
      node.launch(dir, voters);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart Kafka node " + nodeId, e);
    }
    awaitUntil("node " + nodeId + " printed " + KafkaNodeProcess.READY, deadline, node::printedReady);
    awaitUntil("every replica of " + topics + " is in sync", deadline, () -> attempt(() -> allInSync(topics)));
    awaitUntil("every controller caught up", deadline, () -> attempt(() -> quorumCaughtUpSince(launchedAtMs)));
    LOG.info("Restarted Kafka node {}; every replica of {} and every controller in sync", nodeId, topics);
  }

  private Node node(int nodeId) {
    Node node = nodes.get(nodeId);
    if (node == null) {
      throw new IllegalArgumentException("no node " + nodeId + " in " + nodes.keySet());
    }
    return node;
  }

  private boolean quorumCaughtUpSince(long epochMs) {
    return await(admin.describeMetadataQuorum().quorumInfo()).voters().stream()
        .allMatch(voter -> voter.lastCaughtUpTimestamp().orElse(0) >= epochMs);
  }

  private boolean allInSync(Collection<String> topics) {
    return await(admin.describeTopics(topics).allTopicNames()).values().stream()
        .flatMap(description -> description.partitions().stream())
        .allMatch(p -> p.isr().size() == p.replicas().size());
  }

  /** Kills every node still running. The directory stays, so its logs can be read after a failure. */
  @Override
  public void close() {
    nodes.values().forEach(Node::kill);
    if (admin != null) {
      admin.close(Duration.ZERO);
    }
  }

  private void awaitReady(Instant deadline) {
    awaitUntil("every node printed " + KafkaNodeProcess.READY, deadline,
        () -> nodes.values().stream().allMatch(Node::printedReady));
    admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "three-broker-cluster"));
    awaitUntil("the cluster reports " + SIZE + " brokers", deadline, () -> attempt(
        () -> await(admin.describeCluster().nodes()).size() == SIZE));
    // Kafka creates __consumer_offsets on the first group lookup, with one replica per broker. Once a test has
    // killed a broker that is no longer possible, so the topic is created while all three are up.
    awaitUntil("group coordination is available", deadline, () -> attempt(
        () -> await(admin.listConsumerGroupOffsets("three-broker-cluster-warm-up").partitionsToOffsetAndMetadata()) != null));
  }

  /** Polls {@code condition} until it holds, failing early with the log of any node that exits meanwhile. */
  private void awaitUntil(String what, Instant deadline, BooleanSupplier condition) {
    while (!condition.getAsBoolean()) {
      nodes.values().forEach(Node::requireAlive);
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the cluster in " + dir + " did not get ready: not yet " + what);
      }
      waitForAnyExit(POLL_INTERVAL);
    }
  }

  /** Paces polling, but wakes as soon as a node dies so the failure surfaces at once. */
  private void waitForAnyExit(Duration atMost) {
    CompletableFuture<?>[] exits = nodes.values().stream().map(n -> n.process.onExit()).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.anyOf(exits).get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Nothing died within the interval: poll again.
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the cluster in " + dir, e);
    }
  }

  private static boolean attempt(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer from the cluster within " + ADMIN_CALL_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** KRaft needs every controller port before any node starts, so all ports are picked up front and must differ. */
  private static List<Integer> distinctFreePorts(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(FreePorts.pick());
    }
    return new ArrayList<>(ports);
  }

  /** One node's JVM, its role, and the port and log file that belong to it. */
  private static final class Node {

    private final int nodeId;
    private final KraftNode.Role role;
    private final int port;
    private Path log;
    private Process process;

    Node(int nodeId, KraftNode.Role role, int port) {
      this.nodeId = nodeId;
      this.role = role;
      this.port = port;
    }

    void launch(Path clusterDir, String voters) throws IOException {
      log = clusterDir.resolve("node-" + nodeId + ".log");
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          role == KraftNode.Role.BROKER ? BROKER_HEAP : CONTROLLER_HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
          // C1 alone starts faster and leaves the few cores of a CI box to the other nodes; load here is light.
          "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"),
          KafkaNodeProcess.class.getName(),
          Integer.toString(nodeId), role.name(), clusterDir.resolve("node-" + nodeId).toString(),
          Integer.toString(port), voters);
      // Standard input stays a pipe nobody writes to: the node exits when it closes, i.e. when this JVM dies.
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      LOG.info("Started Kafka {} {} (pid {}, port {}, log {})", role.name().toLowerCase(Locale.ROOT), nodeId,
          process.pid(), port, log);
    }

    boolean printedReady() {
      try {
        String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        return output.lines().anyMatch((KafkaNodeProcess.READY + " " + nodeId)::equals);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log, e);
      }
    }

    void requireAlive() {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka node " + nodeId + " exited with " + process.exitValue()
            + "; the end of " + log + ":\n" + logTail());
      }
    }

    void kill() {
      if (process == null || !process.isAlive()) {
        return;
      }
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing Kafka node " + nodeId, e);
      }
    }

    private String logTail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    }
  }
}
