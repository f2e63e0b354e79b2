import type { PackKey } from "./en";

export const packNl: Record<PackKey, string> = {
  "packer.scanStart": "Scan een bak of een order",
  "packer.order": "Order {number}",
  "packer.tote": "Bak {code}",
  "packer.scanUnits": "Scan elk stuk",
  "packer.left": "Nog {n} stuks te scannen",
  "packer.allScanned": "Alle stuks gescand",
  "packer.weight": "Gewicht (gram)",
  "packer.box": "Doos",
  "packer.close": "Pakket sluiten",
  "packer.closed": "Pakket gesloten: {carrier} {tracking}",
  "packer.labelPdf": "Label (PDF)",
  "packer.labelZpl": "Label (ZPL, labelprinter)",
  "packer.slip": "Pakbon (PDF)",
  "packer.handOver": "Meegegeven aan vervoerder",
  "packer.handedOver": "Meegegeven: order voltooid",
  "packer.nextOrder": "Volgende order",
  "packer.packed": "{name}: {packed}/{expected}",
  "packer.good": "Ingepakt: {name}",
};
