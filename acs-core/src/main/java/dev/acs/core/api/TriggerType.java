package dev.acs.core.api;

/** The kinds of trigger an application can have, at most one of each ({@code spec/lifecycle.md} §18). */
public enum TriggerType {
    /** 重新部署: a call redeploys the application ({@link Applications#redeploy}). */
    REDEPLOY,
    /** 资源伸缩: a call scales one service up or down by a step. */
    SCALE
}
