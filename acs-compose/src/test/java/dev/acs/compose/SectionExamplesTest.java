package dev.acs.compose;

import dev.acs.core.model.AppSpec;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.VolumeMount;
import org.junit.jupiter.api.Test;

import static dev.acs.compose.SpecFixturesTest.svc;
import static dev.acs.compose.SpecFixturesTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** The remaining examples of the spec's sections, and the key forms people write. */
class SectionExamplesTest {

    @Test
    void scaleAndDependsExamples() {
        AppSpec app = valid("""
                web:
                  image: wordpress:4.2
                  ports:
                    - 80
                  links:
                    - db:mysql
                  labels:
                    aliyun.scale: "3"
                    aliyun.depends: db, redis
                db:
                  image: mysql
                  environment:
                    - MYSQL_ROOT_PASSWORD=password
                redis:
                  image: redis
                """);
        assertThat(svc(app, "web").scale()).isEqualTo(3);
        assertThat(svc(app, "web").dependsOn()).containsExactly("db", "redis");
        assertThat(svc(app, "db").environment()).containsEntry("MYSQL_ROOT_PASSWORD", "password");
    }

    @Test
    void serviceAntiAffinityAndSeedDotSpelling() {
        ParseResult r = Templates.parse("""
                master:
                  image: mysql:5.6
                  ports:
                    - 3306
                slave:
                  image: mysql:5.6
                  environment:
                    - REPLICATION_SLAVE=true
                    - 'affinity:service!=master'
                    - 'affinity.service!=master'
                  links:
                    - master:mysql
                """);
        assertThat(r.isValid()).isTrue();
        assertThat(r.withCode(DiagnosticCode.SCH_003)).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("affinity:service!=master"));
        var slave = svc(r.application(), "slave");
        assertThat(slave.placement()).containsExactly(new PlacementRule(PlacementRule.Kind.AFFINITY, "service",
                PlacementRule.Operator.NE, "master", false));
        assertThat(slave.environment()).containsOnlyKeys("REPLICATION_SLAVE", "affinity.service!");
    }

    @Test
    void loggingExample() {
        AppSpec app = valid("""
                mysql:
                  image: mysql
                  ports:
                    - 80
                  labels:
                    aliyun.scale: "1"
                  environment:
                    - MYSQL_ROOT_PASSWORD=password
                wordpress:
                  image: registry.aliyuncs.com/jiangjizhong/wordpress
                  ports:
                    - 80
                  labels:
                    aliyun.routing.port_80: wordpress-with-log
                    aliyun.log_store_dbstdout: stdout
                    aliyun.log.timestamp: "false"
                  links:
                    - mysql
                """);
        assertThat(svc(app, "wordpress").logStores()).containsEntry("dbstdout", "stdout");
        assertThat(svc(app, "wordpress").logTimestamp()).isFalse();
        assertThat(svc(app, "mysql").logTimestamp()).isTrue();
    }

    @Test
    void portForms() {
        AppSpec app = valid("""
                web:
                  image: nginx
                  ports:
                    - 80
                    - "7777:80"
                    - 53:53/udp
                    - '127.0.0.1:1935:1935'
                    - "9000-9001:8000-8001/tcp"
                    - target: 443
                      published: 8443
                  expose:
                    - '3000'
                    - 5000-5001
                """);
        var w = svc(app, "web");
        assertThat(w.ports()).containsExactly(PortMapping.exposed(80), PortMapping.published(7777, 80),
                new PortMapping(null, 53, 53, PortMapping.Protocol.UDP), new PortMapping("127.0.0.1", 1935, 1935, null),
                PortMapping.published(9000, 8000), PortMapping.published(9001, 8001), PortMapping.published(8443, 443));
        assertThat(w.expose()).extracting(PortMapping::containerPort).containsExactly(3000, 5000, 5001);
    }

    @Test
    void volumeFormsAndCommandForms() {
        AppSpec app = valid("""
                web:
                  image: nginx
                  command: ["nginx", "-g", "daemon off;"]
                  entrypoint: /docker-entrypoint.sh
                  volumes:
                    - /var/cache/nginx
                    - /tmp:/bbb
                    - o1:/aaa
                    - o1:/data:nocopy
                    - /etc/nginx:/etc/nginx:ro
                    - data:/srv:rw,nocopy
                  restart: on-failure:5
                """);
        var w = svc(app, "web");
        assertThat(w.command()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(w.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(w.volumes()).containsExactly(
                new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/var/cache/nginx", false, false),
                new VolumeMount(VolumeMount.Type.BIND, "/tmp", "/bbb", false, false),
                new VolumeMount(VolumeMount.Type.NAMED, "o1", "/aaa", false, false),
                new VolumeMount(VolumeMount.Type.NAMED, "o1", "/data", false, true),
                new VolumeMount(VolumeMount.Type.BIND, "/etc/nginx", "/etc/nginx", true, false),
                new VolumeMount(VolumeMount.Type.NAMED, "data", "/srv", false, true));
        assertThat(w.restart().maxRetries()).isEqualTo(5);
    }

    @Test
    void anchorsMergeKeysExtensionsAndExtends() {
        ParseResult r = Templates.parse("""
                x-common: &common
                  restart: always
                  labels:
                    aliyun.scale: "2"
                base:
                  <<: *common
                  image: nginx
                  x-note: kept
                  cap_add: [NET_ADMIN]
                child:
                  extends: base
                  ports: ["80"]
                """);
        assertThat(r.errors()).isEmpty();
        AppSpec app = r.application();
        assertThat(app.extensions()).containsKey("x-common");
        assertThat(svc(app, "base").scale()).isEqualTo(2);
        assertThat(svc(app, "base").extensions()).containsEntry("x-note", "kept");
        assertThat(svc(app, "base").options()).containsEntry("cap_add", java.util.List.of("NET_ADMIN"));
        assertThat(svc(app, "child").scale()).isEqualTo(2);
        assertThat(svc(app, "child").ports()).containsExactly(PortMapping.exposed(80));
        SpecFixturesTest.roundTrip(app);
    }

    @Test
    void swarmModeDeploy() {
        ParseResult r = Templates.parse("""
                version: "3"
                services:
                  web:
                    image: nginx
                    deploy:
                      replicas: 4
                      resources:
                        reservations:
                          cpus: '0.5'
                          memory: 64m
                      placement:
                        constraints:
                          - node.labels.group == web
                          - node.hostname != n1
                  agent:
                    image: agent
                    deploy:
                      mode: global
                """, ParseOptions.builder().profile(Profile.SWARM_MODE).build());
        assertThat(r.errors()).isEmpty();
        assertThat(svc(r.application(), "web").placement()).containsExactly(PlacementRule.constraint("group", "web"),
                new PlacementRule(PlacementRule.Kind.CONSTRAINT, "node", PlacementRule.Operator.NE, "n1", false));
        assertThat(svc(r.application(), "web").scale()).isEqualTo(4);
        assertThat(svc(r.application(), "web").reservation().cpuUnits()).isEqualTo(50);
        assertThat(svc(r.application(), "agent").global()).isTrue();
    }

    @Test
    void ambiguousFileIsReadOneWayWithAWarning() {
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx
                db:
                  image: mysql
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.format()).isEqualTo(TemplateFormat.SPEC);
        assertThat(r.withCode(DiagnosticCode.TPL_007)).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("[db]"));
    }
}
