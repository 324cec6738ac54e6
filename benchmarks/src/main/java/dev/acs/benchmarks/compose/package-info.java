/**
 * JMH benchmarks of the template dialect: parse + validate against the bare YAML load of the same corpus.
 */
package dev.acs.benchmarks.compose;
