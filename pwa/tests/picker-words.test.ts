import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../src/i18n";
import { acceptedWords, refusalWords } from "../src/picker/words";

// The language switch marks the page's language; a bare stand-in page is enough here.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

afterEach(() => setLanguage("en"));

describe("words for an answer", () => {
  it("says the server's own detail in English", () => {
    setLanguage("en");
    expect(refusalWords("wrong_location", "Wrong bin A-04-05-B; go to A-01-01-A.")).toBe("Wrong bin A-04-05-B; go to A-01-01-A.");
  });

  it("says the reason in Dutch and French, with the server's detail after it", () => {
    setLanguage("nl");
    expect(refusalWords("wrong_location", "Wrong bin X.")).toBe("Verkeerde locatie. (Wrong bin X.)");
    setLanguage("fr");
    expect(refusalWords("too_many", undefined)).toBe("Trop : ce bac en demande moins.");
  });

  it("has words for a short at a stop not reached", () => {
    setLanguage("nl");
    expect(refusalWords("not_current_stop", "You are at A-01-02-A.")).toBe(
      "Meld een tekort bij de stop waar je staat. (You are at A-01-02-A.)",
    );
  });

  it("has words for a code it does not know", () => {
    setLanguage("nl");
    expect(refusalWords("something_new", undefined)).toBe("Geweigerd.");
  });

  it("says what went where", () => {
    setLanguage("en");
    expect(acceptedWords("picked", 2, 3)).toBe("2 into tote 3.");
    setLanguage("fr");
    expect(acceptedWords("order_picked", undefined, 1)).toBe("Bac 1 complet.");
  });
});
