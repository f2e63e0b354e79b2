import { t, type MessageKey } from "../i18n";
import type { HoldReason, Status } from "./api";

export function statusWords(status: Status, reason?: HoldReason | null): string {
  const words = t(`sup.status.${status}` as MessageKey);
  return reason ? `${words} · ${t(`sup.hold.${reason}` as MessageKey)}` : words;
}

export function StatusBadge({ status, reason }: { status: Status; reason?: HoldReason | null }) {
  return (
    <span class={`sup-badge sup-status-${status}`} data-status={status}>
      {statusWords(status, reason)}
    </span>
  );
}

const CHANNEL_NAMES: Record<string, string> = {
  manual: "Manual",
  woocommerce: "WooCommerce",
  magento: "Magento",
  lightspeed: "Lightspeed",
  shopify: "Shopify",
  api: "API",
};

/** A channel by its initial in a coloured disc and its name: no third-party logo files. */
export function ChannelMark({ channel }: { channel: string }) {
  const name = CHANNEL_NAMES[channel] ?? channel;
  return (
    <span class="sup-channel" data-channel={channel}>
      <span class={`sup-channel-logo sup-ch-${channel}`} aria-hidden="true">
        {name.charAt(0)}
      </span>
      {name}
    </span>
  );
}
