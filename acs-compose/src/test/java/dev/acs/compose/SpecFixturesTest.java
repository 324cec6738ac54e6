package dev.acs.compose;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of {@code spec/compose-dialect.md} (Appendix A and the sections) parse to the expected model. */
class SpecFixturesTest {

    static AppSpec valid(String yaml) {
        ParseResult r = Templates.parse(yaml);
        assertThat(r.errors()).as("errors of\n" + yaml).isEmpty();
        assertThat(r.isValid()).isTrue();
        roundTrip(r.application());
        return r.application();
    }

    static void roundTrip(AppSpec app) {
        String written = Templates.write(app);
        ParseResult again = Templates.parse(written);
        assertThat(again.errors()).as(written).isEmpty();
        assertThat(again.application()).as(written).isEqualTo(app);
    }

    static ServiceSpec svc(AppSpec app, String name) {
        return app.service(name).orElseThrow();
    }

    @Test
    void a1WordpressWithLogsProbeRoutingScale() {
        ParseResult r = Templates.parse("""
                web:
                  image: wordpress:4.2
                  ports:
                    - "80"
                  environment:
                    - WORDPRESS_AUTH_KEY=changeme
                    - WORDPRESS_NONCE_SALT=changeme
                  restart: always
                  links:
                    - db:mysql
                  labels:
                    aliyun.log_store_wordpress: stdout
                    aliyun.probe.url: http://container/license.txt
                    aliyun.probe.initial_delay_seconds: "10"
                    aliyun.routing.port_80: wordpress;http://www.example.com;https://www.nice.com
                    aliyun.scale: "3"
                db:
                  image: mysql:5.6
                  environment:
                    MYSQL_ROOT_PASSWORD: password
                  restart: always
                  labels:
                    aliyun.log_store_mysql: stdout
                """);
        assertThat(r.format()).isEqualTo(TemplateFormat.V1);
        assertThat(r.diagnostics()).isEmpty();
        AppSpec app = r.application();
        roundTrip(app);
        ServiceSpec web = svc(app, "web");
        assertThat(web.image().repository()).isEqualTo("wordpress");
        assertThat(web.image().tag()).isEqualTo("4.2");
        assertThat(web.ports()).containsExactly(PortMapping.exposed(80));
        assertThat(web.environment()).containsEntry("WORDPRESS_AUTH_KEY", "changeme").hasSize(2);
        assertThat(web.restart()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(web.links()).containsExactly("db:mysql");
        assertThat(web.logStores()).containsExactly(Map.entry("wordpress", "stdout"));
        assertThat(web.probe()).isEqualTo(new Probe(Probe.Kind.HTTP, 80, "/license.txt", null, null,
                Duration.ofSeconds(10), null));
        assertThat(web.routes()).containsExactly(new Route(80, "http", "wordpress", null),
                new Route(80, "http", "www.example.com", null), new Route(80, "https", "www.nice.com", null));
        assertThat(web.scale()).isEqualTo(3);
        assertThat(web.labels()).isEmpty();
        assertThat(svc(app, "db").environment()).containsExactly(Map.entry("MYSQL_ROOT_PASSWORD", "password"));
    }

    @Test
    void a2RollingUpdates() {
        AppSpec app = valid("""
                web:
                  image: wordpress
                  ports:
                    - 80
                  restart: always
                  links:
                    - 'db:mysql'
                  labels:
                    aliyun.logs: /var/log
                    aliyun.probe.url: http://container/license.txt
                    aliyun.probe.initial_delay_seconds: '10'
                    aliyun.routing.port_80: http://wordpress
                    aliyun.rolling_updates: 'true'
                    aliyun.scale: '2'
                db:
                  image: mariadb
                  environment:
                    MYSQL_ROOT_PASSWORD: example
                  restart: always
                  labels:
                    aliyun.logs: /var/log/mysql
                """);
        ServiceSpec web = svc(app, "web");
        assertThat(web.rollingUpdate()).isEqualTo(RollingUpdate.of(1));
        assertThat(web.logDirectory()).isEqualTo("/var/log");
        assertThat(web.routes()).containsExactly(new Route(80, "http", "wordpress", null));
        assertThat(web.routes().get(0).isPrefix()).isTrue();
        assertThat(web.image().tag()).isEqualTo("latest");
    }

    @Test
    void a3JenkinsTcpProbePrivileged() {
        AppSpec app = valid("""
                jenkins:
                  image: 'registry.aliyuncs.com/acs-sample/jenkins:1.651.3'
                  ports:
                    - '8080:8080'
                    - '50000:50000'
                  volumes:
                    - /var/lib/docker/jenkins:/var/jenkins_home
                  privileged: true
                  restart: always
                  labels:
                    aliyun.scale: '1'
                    aliyun.probe.url: 'tcp://container:8080'
                    aliyun.probe.initial_delay_seconds: '10'
                    aliyun.routing.port_8080: jenkins
                  links:
                    - slave-nodejs
                slave-nodejs:
                  image: 'registry.aliyuncs.com/acs-sample/jenkins-slave-dind-nodejs'
                  restart: always
                  volumes:
                    - /var/run/docker.sock:/var/run/docker.sock
                  labels:
                    aliyun.scale: '1'
                """);
        ServiceSpec j = svc(app, "jenkins");
        assertThat(j.image().registry()).isEqualTo("registry.aliyuncs.com");
        assertThat(j.privileged()).isTrue();
        assertThat(j.ports()).containsExactly(PortMapping.published(8080, 8080), PortMapping.published(50000, 50000));
        assertThat(j.volumes()).containsExactly(new VolumeMount(VolumeMount.Type.BIND, "/var/lib/docker/jenkins",
                "/var/jenkins_home", false, false));
        assertThat(j.probe().kind()).isEqualTo(Probe.Kind.TCP);
        assertThat(j.probe().port()).isEqualTo(8080);
    }

    @Test
    void a4ProxyTcpModeWithDependencies() {
        ParseResult r = Templates.parse("""
                lb:
                  image: registry.aliyuncs.com/acs/proxy:0.5
                  ports:
                    - '6379:6379/tcp'
                  restart: always
                  labels:
                    aliyun.custom_addon: "proxy"
                    aliyun.global: "true"
                    aliyun.lb.port_6379: tcp://proxy_test:6379
                    aliyun.depends: redis-master,redis-slave
                  environment:
                    ADDITIONAL_SERVICES: "*"
                    EXTRA_DEFAULT_SETTINGS: "log rsyslog local0,log global,option httplog"
                    MODE: "tcp"
                  links:
                    - rsyslog:rsyslog
                rsyslog:
                  image: registry.cn-hangzhou.aliyuncs.com/linhuatest/rsyslog:latest
                redis-master:
                  ports:
                    - 6379/tcp
                  image: 'redis:alpine'
                  labels:
                    aliyun.proxy.TCP_PORTS: "6379"
                    aliyun.proxy.required: "true"
                redis-slave:
                  ports:
                    - 6379/tcp
                  image: 'redis:alpine'
                  links:
                    - redis-master
                  labels:
                    aliyun.proxy.TCP_PORTS: "6379"
                    aliyun.proxy.required: "true"
                    aliyun.depends: redis-master
                  command: redis-server --slaveof redis-master 6379
                redis-client:
                  image: 'redis:alpine'
                  links:
                    - lb:www.example.com
                  labels:
                    aliyun.depends: lb
                  command: redis-cli -h www.example.com
                  stdin_open: true
                  tty: true
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.diagnostics()).extracting(Diagnostic::code).containsOnly(DiagnosticCode.KEY_004);
        AppSpec app = r.application();
        roundTrip(app);
        ServiceSpec lb = svc(app, "lb");
        assertThat(lb.global()).isTrue();
        assertThat(lb.loadBalancers()).containsExactly(new LoadBalancerBinding(6379, "tcp", "proxy_test", 6379));
        assertThat(lb.dependsOn()).containsExactly("redis-master", "redis-slave");
        assertThat(lb.labels()).containsEntry("aliyun.custom_addon", "proxy");
        assertThat(svc(app, "redis-slave").command()).containsExactly("redis-server", "--slaveof", "redis-master", "6379");
        assertThat(svc(app, "redis-slave").labels()).containsEntry("aliyun.proxy.TCP_PORTS", "6379");
        assertThat(svc(app, "redis-client").tty()).isTrue();
        assertThat(svc(app, "redis-client").stdinOpen()).isTrue();
    }

    @Test
    void a5AntiAffinityOnContainerLabel() {
        AppSpec app = valid("""
                redis-master:
                  ports:
                    - 6379:6379/tcp
                  image: 'redis:alpine'
                  labels:
                    aliyun.lb.port_6379: tcp://proxy_test:6379
                redis-client:
                  image: 'redis:alpine'
                  links:
                    - redis-master
                  environment:
                    - 'affinity:aliyun.lb.port_6379!=tcp://proxy_test:6379'
                  command: redis-cli -h 120.25.131.64
                  stdin_open: true
                  tty: true
                """);
        ServiceSpec c = svc(app, "redis-client");
        assertThat(c.placement()).containsExactly(new PlacementRule(PlacementRule.Kind.AFFINITY, "aliyun.lb.port_6379",
                PlacementRule.Operator.NE, "tcp://proxy_test:6379", false));
        assertThat(c.environment()).isEmpty();
    }

    @Test
    void a6NodeIndexPlacement() {
        AppSpec app = valid("""
                cross-host-network-test1:
                  image: busybox
                  command: sh -c 'ifconfig eth0; sleep 100000'
                  tty: true
                  environment:
                    - 'constraint:aliyun.node_index==(1)'
                cross-host-network-test2:
                  image: busybox
                  command: sh -c 'ifconfig eth0; sleep 100000'
                  tty: true
                  environment:
                    - 'constraint:aliyun.node_index==(2)'
                """);
        ServiceSpec t1 = svc(app, "cross-host-network-test1");
        assertThat(t1.command()).containsExactly("sh", "-c", "ifconfig eth0; sleep 100000");
        assertThat(t1.placement()).containsExactly(PlacementRule.constraint("aliyun.node_index", "(1)"));
    }

    @Test
    void section3LoadBalancerExample() {
        AppSpec app = valid("""
                web:
                  image: wordpress:4.2
                  ports:
                    - 7777:80
                    - 9999:9999
                    - 8080:8080
                    - 53:53/udp
                  links:
                    - db:mysql
                  labels:
                    aliyun.lb.port_80: http://slb_example_name:8080
                    aliyun.lb.port_9999: tcp://slb_example_name:9999
                    aliyun.lb.port_8080: https://14a7ba06d3b-cn-hangzhou-dg-a01:80
                    aliyun.lb.port_53: udp://14a7ba06d3b-cn-hangzhou-dg-a01:53
                db:
                  image: mysql
                  environment:
                    - MYSQL_ROOT_PASSWORD=password
                """);
        ServiceSpec web = svc(app, "web");
        assertThat(web.loadBalancers()).hasSize(4);
        assertThat(web.ports()).contains(new PortMapping(null, 53, 53, PortMapping.Protocol.UDP));
    }

    @Test
    void rollingUpdateWithRescheduleAndParallelism() {
        AppSpec app = valid("""
                web:
                  image: nginx:latest
                  restart: always
                  environment:
                    - "reschedule:on-node-failure"
                  ports:
                    - 80
                  labels:
                    aliyun.scale: "3"
                    aliyun.probe.url: http://container:80/
                    aliyun.probe.timeout_seconds: "10"
                    aliyun.probe.initial_delay_seconds: "3"
                    aliyun.rolling_updates: 'true'
                    aliyun.rolling_updates.parallelism: "2"
                """);
        ServiceSpec web = svc(app, "web");
        assertThat(web.reschedule()).isEqualTo(ReschedulePolicy.ON_NODE_FAILURE);
        assertThat(web.rollingUpdate()).isEqualTo(RollingUpdate.of(2));
        assertThat(web.probe().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(web.environment()).isEmpty();
    }

    @Test
    void probeCmdAndSessionStickyAndGpuAndGlobal() {
        AppSpec app = valid("""
                os:
                  image: my_app
                  labels:
                    aliyun.probe.cmd: health_check.sh
                    aliyun.probe.initial_delay_seconds: "3"
                web:
                  image: wordpress:4.2
                  labels:
                    aliyun.routing.port_80: wordpress;http://wp.sample.com/context
                    aliyun.routing.session_sticky: false
                serving:
                  image: inception-serving:gpu
                  labels:
                    aliyun.gpu: "1"
                monitor:
                  image: sample
                  labels:
                    aliyun.global: true
                """);
        assertThat(svc(app, "os").probe().command()).isEqualTo("health_check.sh");
        assertThat(svc(app, "web").sessionSticky()).isFalse();
        assertThat(svc(app, "web").routes().get(1)).isEqualTo(new Route(80, "http", "wp.sample.com", "context"));
        assertThat(svc(app, "serving").reservation()).isEqualTo(new Resources(0, 0, 1));
        assertThat(svc(app, "monitor").global()).isTrue();
    }

    @Test
    void availabilityZonesAndResources() {
        ParseResult r = Templates.parse("""
                nnn:
                  expose:
                    - 443/tcp
                    - 80/tcp
                  image: 'nginx:latest'
                  cpu_shares: 50
                  mem_limit: 500m
                  environment:
                    - 'availability:az==2'
                    - 'availability:az=~3'
                    - 'constraint:group=1'
                    - 'affinity:image=~redis'
                    - 'constraint:aliyun.node_index!=(1 2 3)'
                  labels:
                    aliyun.scale: '8'
                  restart: always
                  volumes:
                    - /var/cache/nginx
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.withCode(DiagnosticCode.SCH_002)).hasSize(4);
        roundTrip(r.application());
        ServiceSpec s = svc(r.application(), "nnn");
        assertThat(s.expose()).containsExactly(PortMapping.exposed(443), PortMapping.exposed(80));
        assertThat(s.reservation()).isEqualTo(new Resources(50, 500L << 20, 0));
        assertThat(s.placement()).containsExactly(
                PlacementRule.zones(2),
                new PlacementRule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.EQ, "3", true),
                PlacementRule.constraint("group", "1"),
                new PlacementRule(PlacementRule.Kind.AFFINITY, "image", PlacementRule.Operator.EQ, "redis", true),
                new PlacementRule(PlacementRule.Kind.CONSTRAINT, "aliyun.node_index", PlacementRule.Operator.NE,
                        "(1|2|3)", false));
        assertThat(s.volumes()).containsExactly(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/var/cache/nginx",
                false, false));
    }

    @Test
    void externalServiceDnsOptionsOomKill() {
        ParseResult r = Templates.parse("""
                wordpress:
                  image: wordpress:4.2
                  links:
                    - db:mysql
                  dns_options:
                    - "use-vc"
                  oom-kill-disable: true
                db:
                  external:
                    host: rdsxxxx.mysql.rds.aliyuncs.com
                    ports:
                      - 3306
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.withCode(DiagnosticCode.KEY_010)).hasSize(1);
        AppSpec app = r.application();
        roundTrip(app);
        assertThat(app.externals()).containsExactly(new ExternalService("db", "rdsxxxx.mysql.rds.aliyuncs.com", List.of(3306)));
        assertThat(svc(app, "wordpress").dnsOptions()).containsExactly("use-vc");
        assertThat(svc(app, "wordpress").oomKillDisable()).isTrue();
    }

    @Test
    void batchJobV2() {
        AppSpec app = valid("""
                version: "2"
                labels:
                  aliyun.project_type: "batch"
                services:
                  s1:
                    image: registry.aliyuncs.com/jimmycmh/testret:latest
                    restart: no
                    cpu_shares: 10
                    mem_limit: 100000000
                    labels:
                      aliyun.scale: "10"
                      aliyun.retry_count: "20"
                      aliyun.remove_containers: "remove-all"
                  s2:
                    image: registry.aliyuncs.com/jimmycmh/testret:latest
                    cpu_shares: 50
                    mem_limit: 100000000
                    labels:
                      aliyun.scale: "4"
                      aliyun.retry_count: "20"
                      aliyun.remove_containers: "remove-finished"
                      aliyun.depends: "s1"
                """);
        assertThat(app.kind()).isEqualTo(AppKind.BATCH);
        assertThat(svc(app, "s1").batch()).isEqualTo(new BatchSettings(20, BatchSettings.RemoveContainers.REMOVE_ALL));
        assertThat(svc(app, "s1").restart()).isEqualTo(RestartPolicy.NO);
        assertThat(svc(app, "s2").dependsOn()).containsExactly("s1");
        assertThat(svc(app, "s2").reservation().memoryBytes()).isEqualTo(100_000_000L);
    }

    @Test
    void scheduledJob() {
        ParseResult r = Templates.parse("""
                version: "2"
                labels:
                  aliyun.project_type: "batch"
                  aliyun.schedule: "0-59/30 * * * * *"
                services:
                  s1:
                    image: registry.aliyuncs.com/jimmycmh/busybox:latest
                    labels:
                      aliyun.scale: "5"
                      aliyun.retry_count: "3"
                      aliyun.remove_containers: "remove-all"
                    command: date
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.withCode(DiagnosticCode.LBL_019)).singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING));
        roundTrip(r.application());
        assertThat(r.application().kind()).isEqualTo(AppKind.SCHEDULED);
        assertThat(r.application().schedule()).isEqualTo("0-59/30 * * * * *");
        assertThat(r.application().labels()).isEmpty();
    }

    @Test
    void autoScalingAndMonitoringAndRescheduleLabel() {
        AppSpec app = valid("""
                nginx:
                  image: 'nginx:latest'
                  restart: always
                  labels:
                    aliyun.scale: '1'
                    aliyun.auto_scaling.max_cpu: '70'
                    aliyun.auto_scaling.min_cpu: '40'
                    aliyun.auto_scaling.step: '1'
                    aliyun.monitoring.http: "http://container:3000/metrics/data"
                    aliyun.monitoring.tags: "tag1,tag2"
                    aliyun.monitoring.addon.influxdb: "http://10.0.0.1:8086"
                redis:
                  image: redis
                  labels:
                    - com.docker.swarm.reschedule-policies=["on-node-failure"]
                """);
        ServiceSpec n = svc(app, "nginx");
        assertThat(n.autoScaling()).isEqualTo(new dev.acs.core.model.AutoScaling(1, 1, 10, 70, 40, null, null));
        assertThat(n.monitoring().tags()).containsExactly("tag1", "tag2");
        assertThat(n.monitoring().influxdb()).isEqualTo("http://10.0.0.1:8086");
        assertThat(svc(app, "redis").reschedule()).isEqualTo(ReschedulePolicy.ON_NODE_FAILURE);
        assertThat(svc(app, "redis").labels()).isEmpty();
    }

    @Test
    void variablesFromCallerAndConfigSet() {
        String yaml = """
                busybox:
                  image: 'busybox'
                  command: 'top -b'
                  labels:
                    aliyun.scale: $size
                db:
                  image: "postgres:${POSTGRES_VERSION}"
                """;
        assertThat(Templates.variables(yaml)).containsExactly("size", "POSTGRES_VERSION");
        ConfigSet set = ConfigSet.read("prod", "size=3\nPOSTGRES_VERSION=9.3\n", dev.acs.core.limits.Limits.defaults())
                .configSet();
        ParseResult r = Templates.parse(yaml, ParseOptions.builder().configSet(set).build());
        assertThat(r.errors()).isEmpty();
        assertThat(svc(r.application(), "busybox").scale()).isEqualTo(3);
        assertThat(svc(r.application(), "db").image().tag()).isEqualTo("9.3");
        ParseResult caller = Templates.parse(yaml, ParseOptions.builder().configSet(set).variable("size", "5").build());
        assertThat(svc(caller.application(), "busybox").scale()).isEqualTo(5);
        assertThat(set.compare(Templates.variables(yaml), Map.of("size", "3", "POSTGRES_VERSION", "9.4")))
                .extracting(ConfigSet.Comparison::status)
                .containsExactly(ConfigSet.Status.SAME, ConfigSet.Status.DIFFERENT);
    }
}
