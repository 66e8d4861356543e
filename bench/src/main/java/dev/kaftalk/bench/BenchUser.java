package dev.kaftalk.bench;

/** A registered bench account and the session cookie its tabs present on the bridge handshake. */
record BenchUser(String name, String cookie) {
}
