package dev.acs.examples.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/README.md} lists every page, the main README links the docs, and no relative link is broken. */
class DocsIndexTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(DocsPages.root().resolve("docs"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void theIndexListsEveryPage() throws IOException {
        String index = DocsPages.page("README.md");
        for (Path page : pages()) {
            String name = page.getFileName().toString();
            if (!name.equals("README.md")) {
                assertThat(index).as("docs/README.md links " + name).contains("](" + name + ")");
            }
        }
        assertThat(Files.readString(DocsPages.root().resolve("README.md"))).contains("](docs/README.md)");
    }

    @Test
    void everyRelativeLinkOfTheDocsPointsToAFile() throws IOException {
        List<Path> documents = new ArrayList<>(pages());
        documents.add(DocsPages.root().resolve("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path doc : documents) {
            if (!doc.toString().endsWith(".md")) {
                continue;
            }
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (!target.contains("://") && !Files.exists(doc.getParent().resolve(target))) {
                    broken.add(doc.getFileName() + " -> " + target);
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }
}
