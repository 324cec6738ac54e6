/**
 * JMH benchmarks of the etcd store and leader election, on private etcd clusters. A module of their own: jetcd needs
 * protobuf 3 while the Fenzo peer of the main benchmarks module needs Mesos's protobuf 2.5.
 */
package dev.acs.benchmarks.etcd;
