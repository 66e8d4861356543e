package dev.kaftalk.testing.cluster;

import dev.kaftalk.embedded.KraftNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of one broker or controller JVM of a {@link ThreeBrokerCluster}. Each node gets its own process
 * because only a process can be SIGKILLed; an in-process node can only be shut down politely, which is not a crash.
 *
 * <p>Arguments: {@code nodeId role dataDir port voters}, where {@code role} is {@code BROKER} or {@code CONTROLLER}
 * and {@code port} the one its role listens on. Prints {@value #READY} and the node id on its own line once the node
 * has started (a broker: once it serves clients), and lives until it is killed or its standard input closes.
 */
public final class KafkaNodeProcess {

  static final String READY = "KRAFT-NODE-READY";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaNodeProcess.class);
  private static final int CLUSTER_SIZE = 3;

  /**
   * README's "Failover timing", as docker-compose.yml sets it: a dead broker is fenced and its leadership moved in
   * about 1.5 s (Kafka's defaults take about nine), and a dead active controller is replaced in about 1 s, which
   * stalls no send since controllers lead no partition. Every node gets every setting: the controllers enforce the
   * session, the brokers heartbeat, both take part in the quorum. The new leader's first acknowledgement waits for
   * the other follower's fetch, so a follower's fetch that finds nothing new is held 100 ms instead of 500 (it can
   * only ask for a partition it just began to follow once the one in flight returns), and a partition whose fetch
   * failed is asked for again after 100 ms instead of a second (a follower that learns of the new leader before the
   * leader does is refused once, with UNKNOWN_LEADER_EPOCH). Unclean election stays off: it is what would lose
   * acknowledged records.
   */
  private static final Map<String, String> FAST_FAILOVER = Map.of(
      "broker.session.timeout.ms", "1500",
      "broker.heartbeat.interval.ms", "250",
      "controller.quorum.fetch.timeout.ms", "1000",
      "controller.quorum.election.timeout.ms", "500",
      "controller.quorum.election.backoff.max.ms", "250",
      "replica.fetch.wait.max.ms", "100",
      "replica.fetch.backoff.ms", "100",
      "default.replication.factor", "3",
      "min.insync.replicas", "2",
      "unclean.leader.election.enable", "false");

  private KafkaNodeProcess() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 5) {
      System.err.println("usage: KafkaNodeProcess <nodeId> <BROKER|CONTROLLER> <dataDir> <port> <voters>");
      System.exit(2);
    }
    int nodeId = Integer.parseInt(args[0]);
    KraftNode.Role role = KraftNode.Role.valueOf(args[1]);
    int port = Integer.parseInt(args[3]);
    Thread parentWatch = new Thread(KafkaNodeProcess::haltWhenParentGone, "parent-watch");
    parentWatch.start();
    try {
      KraftNode.start(nodeId, role, Path.of(args[2]), port, port, args[4], CLUSTER_SIZE, FAST_FAILOVER);
    } catch (RuntimeException e) {
      LOG.error("Kafka node {} failed to start", nodeId, e);
      Runtime.getRuntime().halt(1);
    }
    System.out.println(READY + " " + nodeId);
    System.out.flush();
    parentWatch.join();
  }

  /**
   * The parent never writes to this process, so end of input means the parent closed the pipe or died. Watching
   * it from the start keeps an orphan from holding its ports even when it is still waiting for a quorum. Halting
   * skips a controlled shutdown, which would hang once the peers are gone; the data is a test's, thrown away.
   */
  private static void haltWhenParentGone() {
    try {
      System.in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      LOG.warn("Lost standard input ({}), treating the parent as gone", e.getMessage());
    }
    Runtime.getRuntime().halt(0);
  }
}
