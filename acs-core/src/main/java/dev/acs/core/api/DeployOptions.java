package dev.acs.core.api;

import dev.acs.core.model.CreationMode;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Applications#deploy(String, dev.acs.core.model.AppSpec, DeployOptions)} records where an application
 * came from ({@code spec/lifecycle.md} §7.1): from an image form, or from an orchestration template whose text is
 * kept with the application.
 */
public final class DeployOptions {
    private static final DeployOptions IMAGE = new DeployOptions(CreationMode.IMAGE, null);

    private final CreationMode mode;
    private final String template;

    private DeployOptions(CreationMode mode, String template) {
        this.mode = mode;
        this.template = template;
    }

    /** Built in code or from an image form (使用镜像创建, {@link CreationMode#IMAGE}); no template text. */
    public static DeployOptions image() {
        return IMAGE;
    }

    /** From an orchestration template (使用编排模板创建, {@link CreationMode#TEMPLATE}); {@code text} is kept. */
    public static DeployOptions fromTemplate(String text) {
        return new DeployOptions(CreationMode.TEMPLATE, Objects.requireNonNull(text, "text"));
    }

    /** How the application was created. */
    public CreationMode mode() {
        return mode;
    }

    /** The template text, when created from a template. */
    public Optional<String> template() {
        return Optional.ofNullable(template);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeployOptions d && d.mode == mode && Objects.equals(d.template, template);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, template);
    }

    /** The options without the template text (which may be long). */
    @Override
    public String toString() {
        return "DeployOptions[" + mode + (template == null ? "" : ", template of " + template.length() + " chars") + "]";
    }
}
