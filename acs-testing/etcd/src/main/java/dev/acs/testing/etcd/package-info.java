/**
 * Private etcd clusters for tests: {@link dev.acs.testing.etcd.EtcdClusterExtension}, a JUnit 5 extension that starts
 * an {@link dev.acs.testing.etcd.EtcdCluster} of one or more {@code etcd} members per test class on free loopback
 * ports, each with its own data directory, and stops them and deletes their directories afterwards, also when tests
 * fail or the JVM exits early. Members can be killed with SIGKILL and restarted on their data, for fault tests.
 *
 * <p>The kit needs the {@code etcd} program (Debian's {@code etcd-server}); {@code scripts/prepare-etcd.sh} installs
 * it. When it is missing the tests <em>fail</em> with a message saying so: they are never skipped.
 */
package dev.acs.testing.etcd;
