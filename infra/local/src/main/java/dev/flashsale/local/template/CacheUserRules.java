package dev.flashsale.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What ElastiCache refuses in a stack's users and user groups, so that the local cache refuses it too: ids that
 * are not lower case (the resource schema's pattern; ElastiCache keeps ids in lower case, and IAM authentication
 * signs the user id, which must equal the user name), a valkey group holding a user that does not authenticate
 * ({@code NoPasswordRequired}: ElastiCache's RBAC rules), a group without a user named {@code default}
 * ({@code DefaultUserRequired}), and engines that do not mix.
 */
public final class CacheUserRules {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

    private CacheUserRules() {
    }

    /** Each refusal, worded as ElastiCache's; empty when the users and groups would be created. */
    public static List<String> problems(List<Specs.CacheUser> users, List<Specs.CacheUserGroup> groups) {
        List<String> problems = new ArrayList<>();
        for (Specs.CacheUser user : users) {
            if (user.userId() == null || !ID.matcher(user.userId()).matches()) {
                problems.add(user.logicalId() + ": UserId " + user.userId() + " must match " + ID + " (lower case)");
            }
            if (!List.of("valkey", "redis").contains(String.valueOf(user.engine()))) {
                problems.add(user.logicalId() + ": Engine " + user.engine() + " is neither valkey nor redis");
            }
            if ("iam".equals(user.authentication()) && !String.valueOf(user.userId()).equals(user.userName())) {
                problems.add(user.logicalId() + ": an IAM-authenticated user's UserId (" + user.userId()
                        + ") must equal its UserName (" + user.userName() + ")");
            }
        }
        Map<String, Specs.CacheUser> byLogicalId = users.stream()
                .collect(Collectors.toMap(Specs.CacheUser::logicalId, Function.identity()));
        for (Specs.CacheUserGroup group : groups) {
            if (group.groupId() == null || !ID.matcher(group.groupId()).matches()) {
                problems.add(group.logicalId() + ": UserGroupId " + group.groupId() + " must match " + ID);
            }
            List<Specs.CacheUser> members = new ArrayList<>();
            for (String id : group.userIds()) {
                Specs.CacheUser member = byLogicalId.get(id);
                if (member == null) {
                    problems.add(group.logicalId() + ": no user " + id + " in the stack");
                } else {
                    members.add(member);
                }
            }
            if (members.stream().noneMatch(user -> "default".equals(user.userName()))) {
                problems.add(group.logicalId() + ": DefaultUserRequired - a user group needs a user named default");
            }
            for (Specs.CacheUser member : members) {
                if ("valkey".equals(group.engine()) && "none".equals(member.authentication())) {
                    problems.add(group.logicalId() + ": a valkey user group takes only users that authenticate"
                            + " (password or IAM); " + member.logicalId() + " needs no password");
                }
                if ("redis".equals(group.engine()) && !"redis".equals(member.engine())) {
                    problems.add(group.logicalId() + ": a redis user group takes redis users only; "
                            + member.logicalId() + " is " + member.engine());
                }
            }
        }
        return problems;
    }
}
