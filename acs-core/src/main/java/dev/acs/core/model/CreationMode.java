package dev.acs.core.model;

/** How an application was created ({@code spec/lifecycle.md} §7.1). */
public enum CreationMode {
    /** 使用镜像创建: from a single image and a form. */
    IMAGE,
    /** 使用编排模板创建: from an orchestration template. */
    TEMPLATE
}
