import { useEffect, useState } from "preact/hooks";
import { clear, subscribe, type Feedback } from "../scan/feedback";

/** The answer to the last scan, in words, where the thumb is; read out by screen readers. */
export function FeedbackBar() {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  useEffect(() => subscribe(setFeedback), []);
  return (
    <div class="feedback-slot" aria-live="assertive" role="status">
      {feedback && (
        <button type="button" class={`feedback feedback-${feedback.verdict}`} data-verdict={feedback.verdict} onClick={() => clear()}>
          <span class="feedback-mark" aria-hidden="true">
            {feedback.verdict === "good" ? "✓" : feedback.verdict === "bad" ? "✕" : "i"}
          </span>
          <span class="feedback-text">{feedback.message}</span>
        </button>
      )}
    </div>
  );
}
