"""Drives every UserApiMixin method of squirroclient 3.17 against roster's Squirro emulator.

Usage: squirro_sdk.py CLUSTER_URL   (the URL `roster sandbox` prints for squirro)

Leaves behind, for roster to see: user sdk-kept@example.com (role reader, in group "SDK Team",
member of project research) and workspace "sdk-lab".
Prints one line per check and "N passed, N failed"; exits non-zero on failure.
"""
import base64
import json
import sys

from squirro_client import SquirroClient
from squirro_client.exceptions import (AuthenticationError, ClientError, ConflictError,
                                       NotFoundError)

URL = sys.argv[1]
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name} {detail}")


def raises(name, exception, call):
    try:
        call()
    except exception as error:
        check(name, True)
        return error
    except Exception as error:  # noqa: BLE001
        check(name, False, f"raised {type(error).__name__}: {error}")
        return None
    check(name, False, "did not raise")
    return None


def client():
    c = SquirroClient("cid", "csecret", cluster=URL, tenant="sandbox")
    c.authenticate(refresh_token="sandbox-token")
    return c


bad = SquirroClient("cid", "csecret", cluster=URL, tenant="sandbox")
raises("authenticate with an unknown refresh token", AuthenticationError,
       lambda: bad.authenticate(refresh_token="nope"))

c = client()
check("token exchange gives an access token", bool(c._access_token))

policy = c.get_users_password_policy()
check("get_users_password_policy", policy.get("min_length") == 8, policy)

raises("add_user breaking the policy", ClientError,
       lambda: c.add_user(email="weak@example.com", password="short", role="user"))
raises("add_user without a valid email", ClientError, lambda: c.add_user(email="nope", password="Secret123!", role="user"))
u1 = c.add_user(email="sdk-one@example.com", password="Secret123!", role="user")
check("add_user", u1.get("email") == "sdk-one@example.com" and len(u1.get("id", "")) == 22, u1)
u2 = c.add_user(email="sdk-kept@example.com", password="Secret123!", role="reader")
raises("add_user with a duplicate email", ConflictError,
       lambda: c.add_user(email="sdk-one@example.com", password="Secret123!", role="user"))

users = c.get_users()
check("get_users", {"sdk-one@example.com", "sdk-kept@example.com"} <= {u["email"] for u in users["users"]})
check("get_users(include_config=False)", len(c.get_users(include_config=False)["users"]) == len(users["users"]))

data = c.get_user_data(u1["id"])
check("get_user_data", data["id"] == u1["id"] and data["role"] == "user", data)
data = c.get_user_data(u1["id"], include_projects=True)
check("get_user_data(include_projects=True)", data.get("projects") == [], data)
raises("get_user_data of an unknown id", NotFoundError, lambda: c.get_user_data("doesNotExist"))

updated = c.update_user_data(u1["id"], {"full_name": "SDK One", "dept": "R&D"})
check("update_user_data (v1 JSON)", updated["full_name"] == "SDK One" and updated["dept"] == "R&D", updated)
updated = c.update_user_data(u1["id"], {"full_name": "S1"}, api_version="v0")
check("update_user_data (v0 form)", updated["full_name"] == "S1" and updated["dept"] == "R&D", updated)

c.change_user_password(u1["id"], "Secret123!", "N3wSecret!", "N3wSecret!")
check("change_user_password", True)
raises("change_user_password mismatch", ClientError, lambda: c.change_user_password(u1["id"], "N3wSecret!", "a", "b"))

group = c.create_group("SDK Team", members=[{"id": u1["id"]}])
check("create_group with members", [m["id"] for m in group["members"]] == [u1["id"]], group)
empty = c.create_group("SDK Empty")
check("create_group without members", empty["members"] == [], empty)
check("get_groups", {"SDK Team", "SDK Empty"} <= {g["name"] for g in c.get_groups()})
check("get_group", c.get_group(group["id"])["name"] == "SDK Team")
check("get_group(include_projects=True)", c.get_group(group["id"], include_projects=True)["projects"] == [])
raises("get_group of an unknown id", NotFoundError, lambda: c.get_group("nope"))
added = c.add_group_member(group["id"], u2["id"])
check("add_group_member", added["id"] == u2["id"], added)
renamed = c.update_group(group["id"], "SDK Team West", members=[{"id": u1["id"]}, {"id": u2["id"]}], projects=["support"])
check("update_group (rename, members, projects)", renamed["name"] == "SDK Team West" and len(renamed["members"]) == 2, renamed)
check("update_group gave the group its projects",
      [p["id"] for p in c.get_group(group["id"], include_projects=True)["projects"]] == ["support"])
renamed = c.update_group(group["id"], "SDK Team")
check("update_group (name only)", renamed["name"] == "SDK Team")
c.delete_group_member(group["id"], u1["id"])
check("delete_group_member", [m["id"] for m in c.get_group(group["id"])["members"]] == [u2["id"]])

member = c.add_project_member("research", "member", user_id=u2["id"])
check("add_project_member (user)", member["member_type"] == "user" and member["project_role"] == "member", member)
gmember = c.add_project_member("research", "reader", group_id=empty["id"])
check("add_project_member (group)", gmember["member_type"] == "group", gmember)
raises("add_project_member (duplicate)", ConflictError, lambda: c.add_project_member("research", "member", user_id=u2["id"]))
members = c.get_project_members("research")["members"]
check("get_project_members", {m["member_id"] for m in members} >= {u2["id"], empty["id"]}, members)
changed = c.update_project_member("research", u2["id"], "admin")
check("update_project_member", changed["project_role"] == "admin", changed)
c.delete_project_member("research", empty["id"])
check("delete_project_member", empty["id"] not in {m["member_id"] for m in c.get_project_members("research")["members"]})

grant = c.new_grant(u1["id"], "user", project_permissions=["items.read.*", "projects.read.*"])
check("new_grant (user)", len(grant.get("refresh_token", "")) > 20, grant)
service = c.new_grant(u1["id"], "service", for_client_id="svc-client")
grants = c.get_user_grants(u1["id"])["grants"]
check("get_user_grants", {g["id"] for g in grants} >= {grant["id"], service["id"]}, grants)
check("get_session", c.get_session(u1["id"], grant["id"])["type"] == "user")
other = SquirroClient("cid", "csecret", cluster=URL, tenant="sandbox")
other.authenticate(refresh_token=grant["refresh_token"])
check("a new grant's refresh token authenticates", bool(other._access_token))
c.delete_grant(u1["id"], grant["id"])
check("delete_grant", True)
raises("delete_session (already gone)", NotFoundError, lambda: c.delete_session(u1["id"], grant["id"]))
c.delete_session(u1["id"], service["id"])
check("delete_session", True)
revoked = SquirroClient("cid", "csecret", cluster=URL, tenant="sandbox")
raises("a deleted grant's token is refused", AuthenticationError,
       lambda: revoked.authenticate(refresh_token=grant["refresh_token"]))

auth = c.new_or_modify_authentication(u1["id"], "facebook", "1234567", "token", "secret", "John Smith")
check("new_or_modify_authentication (create)", auth["state"] == "ok" and auth["access_token"] == "token", auth)
auth = c.new_or_modify_authentication(u1["id"], "facebook", "1234567", "token2")
check("new_or_modify_authentication (modify)", auth["access_token"] == "token2", auth)
check("get_authentication", c.get_authentication(u1["id"], "facebook")["access_token"] == "token2")
c.delete_authentication(u1["id"], "facebook")
raises("delete_authentication", NotFoundError, lambda: c.get_authentication(u1["id"], "facebook"))

workspaces = c.get_workspaces()
check("get_workspaces", "sandbox" in {w["domain"] for w in workspaces["workspaces"]}, workspaces)
check("get_workspaces(include_projects=True, admin_only=True)",
      len(c.get_workspaces(include_projects=True, admin_only=True)["workspaces"]) >= 1)
ws = c.create_workspace("Project 5")
check("create_workspace", ws == {"domain": "project-5", "title": "Project 5"}, ws)
check("update_workspace", c.update_workspace("project-5", "Workspace Five")["title"] == "Workspace Five")
check("resolve_workspace (by title)", c.resolve_workspace("workspace five") == "project-5")
raises("resolve_workspace (unknown)", NotFoundError, lambda: c.resolve_workspace("nowhere"))
added = c.add_workspace_users("project-5", ["sdk-one@example.com", "new@example.com"], "reader")
check("add_workspace_users", [a["workspace"] for a in added] == ["project-5", "project-5"], added)
check("set_workspace_user_role", c.set_workspace_user_role("project-5", u1["id"], "admin")["user_id"] == u1["id"])
roles = {u["email"]: u["role"] for u in c.get_workspace_users("project-5")}
check("get_workspace_users", roles.get("sdk-one@example.com") == "admin" and roles.get("new@example.com") == "reader", roles)
c.delete_workspace_user("project-5", u1["id"])
check("delete_workspace_user", "sdk-one@example.com" not in {u["email"] for u in c.get_workspace_users("project-5")})
c.delete_workspace("project-5")
check("delete_workspace", "project-5" not in {w["domain"] for w in c.get_workspaces()["workspaces"]})
lab = c.create_workspace("SDK Lab")
check("create_workspace (kept)", lab["domain"] == "sdk-lab", lab)

c.update_user_data(u1["id"], {"msexchuid": "89edf14d-90c4-834d-9efc-cd20a93fc74b"})
payload = base64.urlsafe_b64encode(json.dumps({"msexchuid": "89edf14d-90c4-834d-9efc-cd20a93fc74b"}).encode()).decode().rstrip("=")
token = c.get_token_from_msexchuid_token(f"eyJhbGciOiJub25lIn0.{payload}.x")
check("get_token_from_msexchuid_token", token.get("user_id") == u1["id"] and token.get("oauth2_token"), token)
raises("get_token_from_msexchuid (obsolete in the SDK)", NotImplementedError, lambda: c.get_token_from_msexchuid("x"))

c.delete_group(empty["id"])
raises("delete_group", NotFoundError, lambda: c.get_group(empty["id"]))

c._access_token = "stale"
check("a stale access token is refreshed once and the call retried", len(c.get_users()["users"]) >= 3)

c.delete_user(u1["id"])
raises("delete_user", NotFoundError, lambda: c.get_user_data(u1["id"]))
raises("delete_user (unknown)", NotFoundError, lambda: c.delete_user(u1["id"]))

signup = SquirroClient("cid", "csecret", cluster=URL)
first = signup.signup("first@example.com", "aSKJL18274!", full_name="First User")
check("signup (first user of the global workspace)", first.get("tenant") == "global" and first.get("user_id"), first)
raises("signup (closed once used)", Exception, lambda: signup.signup("second@example.com", "aSKJL18274!"))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
