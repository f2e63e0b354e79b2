import { describe, expect, it } from "vitest";
import type { AdminUser } from "../src/admin/users/api";
import { changes, draftOf, EMPTY } from "../src/admin/users/draft";

const jo: AdminUser = {
  id: 7, username: "jo", display_name: "Jo Picker", roles: ["picker"], language: "en", active: true,
  badge_code: "BDG-K7Q2M9XA-T", has_password: true, has_pin: true, created_at: "2026-11-29T10:00:00Z",
};

describe("the user form", () => {
  it("sends a new user whole, the user name as the name when none is given", () => {
    const draft = { ...EMPTY, username: " kim ", roles: ["packer" as const], password: "warehouse1" };
    expect(changes(draft, null)).toEqual({
      username: "kim", display_name: "kim", roles: ["packer"], language: "en", password: "warehouse1",
    });
  });

  it("sends nothing for an untouched user", () => {
    expect(changes(draftOf(jo), jo)).toEqual({});
  });

  it("sends only what changed, and secrets only when typed", () => {
    const draft = { ...draftOf(jo), roles: ["picker" as const, "supervisor" as const], active: false, pin: "2468" };
    expect(changes(draft, jo)).toEqual({ roles: ["picker", "supervisor"], active: false, pin: "2468" });
  });
});
