import { useRef, useState } from "preact/hooks";
import { t, type MessageKey } from "../../i18n";
import { give } from "../../scan/feedback";
import { refusal } from "../../supervisor/problem";
import { Refused } from "../../supervisor/Refused";
import { ChannelMark } from "../../supervisor/StatusBadge";
import { useLoad } from "../../supervisor/useLoad";
import { channels, type Channel } from "./api";
import "./channels.css";

const OUTCOMES = ["created", "held", "updated", "unchanged", "stale", "duplicate", "skipped", "rejected"];

function outcomeWords(outcome: string): string {
  return OUTCOMES.includes(outcome) ? t(`adm.ch.outcome.${outcome}` as MessageKey) : outcome;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" }) : "—";
}

async function copy(text: string, field: HTMLInputElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard (plain HTTP on another host): select the URL so that the admin can copy it.
    field?.select();
    give("info", t("adm.ch.copySelect"));
    return;
  }
  give("good", t("adm.ch.copied"));
}

function WebhookUrl({ channel }: { channel: Channel }) {
  const field = useRef<HTMLInputElement>(null);
  return (
    <div class="adm-url">
      <label class="sup-field">
        <span>{t("adm.ch.webhook")}</span>
        <input ref={field} name={`webhook-${channel.id}`} readOnly value={channel.webhook_url} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" class="button small" data-action="copy" onClick={() => void copy(channel.webhook_url, field.current)}>
        {t("adm.ch.copy")}
      </button>
      {!channel.has_webhook_secret && <p class="adm-warn">{t("adm.ch.noSecret")}</p>}
    </div>
  );
}

function FailedPushes({ channel, onChange }: { channel: Channel; onChange: () => void }) {
  const failed = useLoad(() => channels.failedPushes(channel.id), [channel.id, channel.pushes_failed]);
  const retry = async (pushId: number) => {
    try {
      await channels.retry(channel.id, pushId);
      give("good", t("adm.ch.retried"));
      failed.reload();
      onChange();
    } catch (error) {
      give("bad", refusal(error).reason);
    }
  };
  const rows = failed.data ?? [];
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{t("adm.ch.failedPushes", { n: channel.pushes_failed })}</h3>
      <ul class="sup-rows" data-list="failed-pushes">
        {rows.map((push) => (
          <li key={push.id} class="sup-count-row">
            <span>
              <strong>{push.kind}</strong> {push.order_id ? `#${push.order_id}` : ""}{" "}
              <span class="sup-mini">{t("adm.ch.attempts", { n: push.attempts })}</span>
              {push.last_error && <span class="adm-error"> {push.last_error}</span>}
            </span>
            <button type="button" class="button small" data-action="retry" onClick={() => void retry(push.id)}>
              {t("adm.ch.retry")}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function Deliveries({ channel, version }: { channel: Channel; version: number }) {
  const log = useLoad(() => channels.deliveries(channel.id), [channel.id, version]);
  const rows = log.data ?? [];
  return (
    <>
      <h3>
        {t("adm.ch.deliveries")}
        {channel.deliveries_rejected > 0 && <span class="adm-error"> · {t("adm.ch.rejected", { n: channel.deliveries_rejected })}</span>}
      </h3>
      {rows.length === 0 ? (
        <p class="muted">{t("adm.ch.noDeliveries")}</p>
      ) : (
        <ul class="sup-feed" data-list="deliveries">
          {rows.map((d) => (
            <li key={d.id} data-outcome={d.outcome}>
              <span class="sup-mini">{when(d.received_at)} · {d.source}</span>{" "}
              <strong class={d.outcome === "rejected" ? "adm-error" : ""}>{outcomeWords(d.outcome)}</strong>{" "}
              {d.external_id && <span>{d.external_id}</span>} {d.message && <span class="sup-mini">{d.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ChannelCard({ channel, onChange }: { channel: Channel; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const syncNow = async () => {
    setBusy(true);
    try {
      const result = await channels.sync(channel.id);
      if (!result.ran) give("info", t("adm.ch.syncBusy"));
      else if (result.error) give("bad", t("adm.ch.syncFailed", { error: result.error }));
      else give("good", t("adm.ch.synced", { n: result.orders }));
    } catch (error) {
      give("bad", refusal(error).reason);
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
      onChange();
    }
  };
  const toggle = async () => {
    try {
      await channels.setActive(channel.id, !channel.active);
      onChange();
    } catch (error) {
      give("bad", refusal(error).reason);
    }
  };
  return (
    <article class="adm-card" data-channel-id={channel.id} data-channel={channel.name}>
      <header class="sup-head">
        <h2>{channel.name}</h2>
        <ChannelMark channel={channel.platform} />
        <label class="sup-check">
          <input type="checkbox" name={`active-${channel.id}`} checked={channel.active} onChange={() => void toggle()} />
          {t("adm.ch.enabled")}
        </label>
      </header>
      <p class="sup-mini">{channel.shop_url}</p>
      <WebhookUrl channel={channel} />
      <dl class="adm-facts">
        <dt>{t("adm.ch.lastSync")}</dt>
        <dd data-part="last-sync">{when(channel.last_poll_at)}</dd>
        <dt>{t("adm.ch.nextSync")}</dt>
        <dd>{channel.next_sync_at ? when(channel.next_sync_at) : t(channel.has_credentials ? "adm.ch.pollingOff" : "adm.ch.noCredentials")}</dd>
        <dt>{t("adm.ch.cursor")}</dt>
        <dd>{when(channel.poll_cursor)}</dd>
        <dt>{t("adm.ch.pushes")}</dt>
        <dd>{t("adm.ch.pushCounts", { pending: channel.pushes_pending, failed: channel.pushes_failed })}</dd>
      </dl>
      {channel.last_poll_error && (
        <div class="sup-refused" role="alert" data-part="last-error">
          <p class="sup-refused-reason">{channel.last_poll_error}</p>
          <p class="sup-mini">{t("adm.ch.errorAt", { when: when(channel.last_error_at) })}</p>
        </div>
      )}
      <div class="sup-action-row">
        <button type="button" class="button small" data-action="sync" disabled={busy || !channel.has_credentials} onClick={() => void syncNow()}>
          {busy ? t("sup.loading") : t("adm.ch.syncNow")}
        </button>
      </div>
      <FailedPushes channel={channel} onChange={onChange} />
      <Deliveries channel={channel} version={version} />
    </article>
  );
}

/** `/admin/channels`: every shop with the URL its webhooks go to, its sync state and errors. */
export function ChannelsScreen() {
  const list = useLoad(() => channels.list(), []);
  return (
    <section class="sup-screen" data-screen="admin-channels">
      <h1>{t("adm.ch.title")}</h1>
      <p class="hint">{t("adm.ch.hint")}</p>
      {list.error && <Refused refusal={list.error} />}
      {list.data && list.data.length === 0 && <p class="muted">{t("adm.ch.none")}</p>}
      {(list.data ?? []).map((channel) => (
        <ChannelCard key={channel.id} channel={channel} onChange={list.reload} />
      ))}
    </section>
  );
}
