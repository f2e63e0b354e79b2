export const packEn = {
  "packer.scanStart": "Scan a tote or an order",
  "packer.order": "Order {number}",
  "packer.tote": "Tote {code}",
  "packer.scanUnits": "Scan every unit",
  "packer.left": "{n} units to scan",
  "packer.allScanned": "All units scanned",
  "packer.weight": "Weight (grams)",
  "packer.box": "Box",
  "packer.close": "Close the parcel",
  "packer.closed": "Parcel closed: {carrier} {tracking}",
  "packer.labelPdf": "Label (PDF)",
  "packer.labelZpl": "Label (ZPL, thermal printer)",
  "packer.slip": "Packing slip (PDF)",
  "packer.handOver": "Handed to the carrier",
  "packer.handedOver": "Handed over: order complete",
  "packer.nextOrder": "Next order",
  "packer.packed": "{name}: {packed}/{expected}",
  "packer.good": "Packed {name}",
} as const;

export type PackKey = keyof typeof packEn;
