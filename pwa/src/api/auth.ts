/** `/api/auth`: log in by badge + PIN or user name + password, log out, change my language. */

import { session, type User } from "../auth/session";
import { api } from "./client";

interface LoginResponse {
  access_token: string;
  token_type: string;
  expires_at: string;
  user: User;
}

export type Credentials = { badge: string; pin: string } | { username: string; password: string };

export async function logIn(credentials: Credentials): Promise<User> {
  const answer = await api.post<LoginResponse>("/api/auth/login", credentials, { anonymous: true });
  session.start(answer.access_token, answer.expires_at, answer.user);
  return answer.user;
}

export async function logOut(): Promise<void> {
  try {
    await api.post<void>("/api/auth/logout");
  } finally {
    // Forget the token here even when the server cannot be told (offline): it expires there.
    session.end();
  }
}

export async function saveLanguage(language: string): Promise<User> {
  const user = await api.patch<User>("/api/auth/me", { language });
  session.update(user);
  return user;
}
