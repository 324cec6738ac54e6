package dev.acs.examples.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exclusions {@code docs/embedding.md} tells a Jenkins plugin to make are the ones CI builds in
 * {@code consumers/jenkins} ({@code -Pjenkins-api-plugins}), module by module, and the README's table agrees.
 */
class EmbeddingPageTest {
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<artifactId>(acs-[a-z-]+)</artifactId>.*?<exclusions>(.*?)</exclusions>", Pattern.DOTALL);
    private static final Pattern EXCLUSION = Pattern.compile(
            "<exclusion><groupId>([^<]+)</groupId><artifactId>([^<]+)</artifactId></exclusion>");

    /** {@code module: group:artifact} for every exclusion of every {@code acs-*} dependency in {@code xml}. */
    static List<String> exclusions(String xml) {
        List<String> found = new ArrayList<>();
        Matcher d = DEPENDENCY.matcher(xml);
        while (d.find()) {
            Matcher e = EXCLUSION.matcher(d.group(2));
            while (e.find()) {
                found.add(d.group(1) + ": " + e.group(1) + ":" + e.group(2));
            }
        }
        return found;
    }

    @Test
    void thePagesExclusionsAreTheOnesTheJenkinsConsumerBuildUses() throws IOException {
        String pom = Files.readString(DocsPages.root().resolve("consumers/jenkins/pom.xml"));
        String profile = pom.substring(pom.indexOf("<id>jenkins-api-plugins</id>"));
        String page = DocsPages.blocks("embedding.md").stream().filter(b -> b.lang().equals("xml"))
                .map(DocsPages.Block::text).findFirst().orElseThrow();
        assertThat(exclusions(page)).as("exclusions on the page").isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(exclusions(profile));
    }

    private static final Pattern PIN = Pattern.compile("<dependency><groupId>([^<]+)</groupId><artifactId>([^<]+)"
            + "</artifactId><version>([^<]+)</version></dependency>");

    /** {@code group:artifact:version} of every one-line pinned dependency in {@code xml}. */
    static List<String> pins(String xml) {
        List<String> found = new ArrayList<>();
        Matcher m = PIN.matcher(xml);
        while (m.find()) {
            found.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
        }
        return found;
    }

    @Test
    void thePagesEtcdPinsAreTheOnesTheJenkinsConsumerBuildUses() throws IOException {
        String pom = Files.readString(DocsPages.root().resolve("consumers/jenkins/pom.xml"));
        String managed = pom.substring(pom.indexOf("<dependencyManagement>"), pom.indexOf("</dependencyManagement>"));
        String page = DocsPages.blocks("embedding.md").stream().filter(b -> b.lang().equals("xml"))
                .map(DocsPages.Block::text).filter(t -> t.contains("io.netty")).findFirst().orElseThrow();
        assertThat(pins(page)).as("pins on the page").hasSize(11).containsExactlyInAnyOrderElementsOf(pins(managed));
    }

    @Test
    void thePagesTableIsTheReadmes() {
        String readme;
        try {
            readme = Files.readString(DocsPages.root().resolve("README.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String plugin : List.of("snakeyaml-api", "bouncycastle-api", "docker-java-api", "okhttp-api",
                "jackson2-api")) {
            assertThat(readme).contains("| `" + plugin + "` |");
            assertThat(DocsPages.page("embedding.md")).contains("| `" + plugin + "` |");
        }
    }
}
