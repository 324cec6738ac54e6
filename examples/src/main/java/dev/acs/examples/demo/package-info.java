/** The {@code acs demo} main job: a whole container service on the embedded simulated cloud, checking itself. */
package dev.acs.examples.demo;
