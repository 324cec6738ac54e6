package dev.acs.core.access;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RAM JSON policies: parsing with located errors, wildcards, and how grants and policies decide together. */
class PolicyTest {
    private static final String C1 = "cc6b56877fd64407fb615dd09ff85303e";
    private static final String C2 = "cee52159dd72d4ead9c0ee1b1708b7065";

    @Test
    void theProductsExamplePolicyAllowsEverythingOnItsTwoClustersOnly() {
        Policy p = Policy.parse("example", """
                {"Statement":[{"Action":"cs:*","Effect":"Allow","Resource":"acs:cs:*:*:cluster/%s"},
                              {"Action":"cs:*","Effect":"Allow","Resource":"acs:cs:*:*:cluster/%s"}],"Version":"1"}
                """.formatted(C1, C2));
        assertThat(p.statements()).hasSize(2);
        assertThat(p.evaluate("cs:DeleteCluster", CsAction.clusterArn(C1))).contains(Policy.Effect.ALLOW);
        assertThat(p.evaluate("cs:ScaleService", CsAction.clusterArn(C2))).contains(Policy.Effect.ALLOW);
        assertThat(p.evaluate("cs:DeleteCluster", CsAction.clusterArn("c3"))).isEmpty();
        assertThat(p.evaluate("cs:CreateCluster", CsAction.ALL_CLUSTERS)).isEmpty();
    }

    @Test
    void actionsMatchWildcardsIgnoringCaseResourcesExactly() {
        Policy p = Policy.parse("reads", """
                {"Statement":[{"Effect":"Allow","Action":["cs:Describe*","cs:getclusterbyid"],
                               "Resource":"acs:cs:*:*:cluster/c?"}]}""");
        assertThat(p.evaluate("cs:DescribeClusterNodes", CsAction.clusterArn("c1"))).contains(Policy.Effect.ALLOW);
        assertThat(p.evaluate("cs:GetClusterById", CsAction.clusterArn("c2"))).contains(Policy.Effect.ALLOW);
        assertThat(p.evaluate("cs:DeleteCluster", CsAction.clusterArn("c1"))).isEmpty();
        assertThat(p.evaluate("cs:DescribeClusterNodes", CsAction.clusterArn("c12"))).isEmpty();
        assertThat(p.evaluate("cs:DescribeClusterNodes", CsAction.clusterArn("C1"))).isEmpty();
    }

    @Test
    void anExplicitDenyWinsOverGrantsAdministratorsAndAllows() {
        AccessControl access = AccessControl.create().administrator("root")
                .grant("alice", C1, AccessLevel.READ_WRITE)
                .attach("alice", Policy.parse("all", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"))
                .attach("alice", Policy.parse("no-delete", "{\"Statement\":[{\"Effect\":\"Deny\","
                        + "\"Action\":\"cs:Delete*\",\"Resource\":\"acs:cs:*:*:cluster/*\"}]}"))
                .attach("root", Policy.parse("no-delete", "{\"Statement\":[{\"Effect\":\"Deny\","
                        + "\"Action\":\"cs:DeleteCluster\",\"Resource\":\"acs:cs:*:*:cluster/" + C2 + "\"}]}"));
        assertThat(access.permits("alice", "cs:DeleteCluster", CsAction.clusterArn(C1))).isFalse();
        assertThat(access.permits("alice", "cs:DeleteApplication", CsAction.clusterArn(C1))).isFalse();
        assertThat(access.permits("alice", "cs:ScaleService", CsAction.clusterArn(C2))).isTrue();
        assertThat(access.permits("root", "cs:DeleteCluster", CsAction.clusterArn(C2))).isFalse();
        assertThat(access.permits("root", "cs:DeleteCluster", CsAction.clusterArn(C1))).isTrue();
        access.detach("alice", "no-delete");
        assertThat(access.permits("alice", "cs:DeleteCluster", CsAction.clusterArn(C1))).isTrue();
        assertThatThrownBy(() -> access.authorize("bob", "cs:GetClusterById", CsAction.clusterArn(C1)))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("bob", "cs:GetClusterById", C1);
                });
    }

    @Test
    void grantsFollowTheTwoLevelsOfTheProduct() {
        AccessControl access = AccessControl.create().grant("ro", C1, AccessLevel.READ_ONLY)
                .grant("rw", C1, AccessLevel.READ_WRITE);
        String arn = CsAction.clusterArn(C1);
        assertThat(access.permits("ro", "cs:CreateApplication", arn)).isTrue();
        assertThat(access.permits("ro", "cs:DeleteApplication", arn)).isTrue();
        assertThat(access.permits("ro", "cs:GetClusterById", arn)).isTrue();
        assertThat(access.permits("ro", "cs:UpdateClusterSizeById", arn)).isFalse();
        assertThat(access.permits("ro", "cs:DeleteCluster", arn)).isFalse();
        assertThat(access.permits("rw", "cs:DeleteCluster", arn)).isTrue();
        assertThat(access.permits("rw", "cs:DeleteCluster", CsAction.clusterArn(C2))).isFalse();
        assertThat(access.permits("rw", "cs:CreateCluster", CsAction.ALL_CLUSTERS)).isFalse();
        assertThat(access.permits("rw", "cs:NoSuchThing", arn)).isFalse();
        access.revoke("rw", C1);
        assertThat(access.permits("rw", "cs:GetClusterById", arn)).isFalse();
        assertThat(access.grants("ro")).containsEntry(C1, AccessLevel.READ_ONLY);
    }

    @Test
    void malformedPoliciesAreRefusedWithTheStatementAndFieldThatIsWrong() {
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cs:*\",\"Resource\":\"*\"},\n"
                + "  {\"Effect\":\"allow\",\"Action\":\"cs:*\",\"Resource\":\"*\"}]}", "Statement[1].Effect", "2");
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cs:GetClusterById\",\"cs:Fly\"],"
                + "\"Resource\":\"*\"}]}", "Statement[0].Action[1]", "1", "unknown action 'cs:Fly'");
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}]}",
                "Statement[0].Action", "1", "not a Container Service action");
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cs:*\"}]}", "Statement[0].Resource", "1",
                "is missing");
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cs:*\",\"Resource\":\"acs:ecs:*:*:instance/i\"}]}",
                "Statement[0].Resource", "1", "not a Container Service ARN");
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cs:*\",\"Resource\":\"*\",\n"
                + "\"Condition\":{}}]}", "Statement[0].Condition", "2", "not supported");
        assertLocated("{\"Version\":\"2\",\"Statement\":[]}", "Version", "1");
        assertLocated("{\"Statement\":[]}", "Statement", "1", "is empty");
        assertLocated("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]}",
                "Statement[0].Action", "1", "is empty");
        assertLocated("[]", "(document)", "1", "must be a JSON object");
    }

    @Test
    void jsonSyntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> Policy.parse("p", "{\"Statement\": [\n  {\"Effect\": \"Allow\",, }]}"))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("policy 'p'", "line 2, column 22", "not valid JSON");
                    assertThat(e.details()).containsEntry("line", "2").containsEntry("column", "22");
                });
        assertThatThrownBy(() -> Policy.parse("p", "{\"Statement\": \"x\"")).isInstanceOf(AcsException.class)
                .hasMessageContaining("line 1, column 18: not valid JSON: unexpected end");
        assertThatThrownBy(() -> Policy.parse("p", "{\"a\":1,\"a\":2}")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Policy.parse("p", "[".repeat(100))).hasMessageContaining("nested deeper");
    }

    private static void assertLocated(String json, String path, String line, String... parts) {
        assertThatThrownBy(() -> Policy.parse("bad", json)).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.details()).containsEntry("path", path).containsEntry("line", line);
            assertThat(e.getMessage()).contains("policy 'bad'", path);
            for (String part : parts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    @Test
    void globMatchesLikeRam() {
        assertThat(Policy.glob("a*b?c", "axxbyc")).isTrue();
        assertThat(Policy.glob("a*b?c", "abc")).isFalse();
        assertThat(Policy.glob("*", "")).isTrue();
        assertThat(Policy.glob("a**", "a")).isTrue();
        assertThat(Policy.glob("acs:cs:*:*:cluster/*", "acs:cs:*:*:cluster/c1")).isTrue();
    }
}
