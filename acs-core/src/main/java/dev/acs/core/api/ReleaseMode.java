package dev.acs.core.api;

/** How a change of configuration is released (发布模式, {@code spec/lifecycle.md} §7.3.5, §7.3.8). */
public enum ReleaseMode {
    /** 标准发布: changed services are updated in place, rolling when they ask for it. */
    STANDARD,
    /**
     * 蓝绿发布: the new services start next to the old ones with traffic weight 0; the release then awaits
     * {@link Applications#confirmRelease(String)} or {@link Applications#rollbackRelease(String)}.
     */
    BLUE_GREEN
}
