package dev.acs.compose;

import java.util.Locale;

/** The file format of a template, as detected by {@code spec/compose-dialect.md} §1.1. */
public enum TemplateFormat {
    /** Compose V1: no {@code version}, services at the top level. */
    V1,
    /** Compose V2: {@code version: "2"} (or {@code 2.x}) with {@code services}. */
    V2,
    /** Compose V3 (Swarm mode): {@code version: "3"} or {@code 3.x}. */
    V3,
    /** Compose Specification: no {@code version} and a top-level {@code services} mapping. */
    SPEC;

    /** The lower-case name printed by {@code acs validate --json}: v1, v2, v3, spec. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
