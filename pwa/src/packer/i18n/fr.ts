import type { PackKey } from "./en";

export const packFr: Record<PackKey, string> = {
  "packer.scanStart": "Scannez un bac ou une commande",
  "packer.order": "Commande {number}",
  "packer.tote": "Bac {code}",
  "packer.scanUnits": "Scannez chaque unité",
  "packer.left": "Encore {n} unités à scanner",
  "packer.allScanned": "Toutes les unités sont scannées",
  "packer.weight": "Poids (grammes)",
  "packer.box": "Carton",
  "packer.close": "Fermer le colis",
  "packer.closed": "Colis fermé : {carrier} {tracking}",
  "packer.labelPdf": "Étiquette (PDF)",
  "packer.labelZpl": "Étiquette (ZPL, imprimante thermique)",
  "packer.slip": "Bordereau (PDF)",
  "packer.handOver": "Remis au transporteur",
  "packer.handedOver": "Remis : commande terminée",
  "packer.nextOrder": "Commande suivante",
  "packer.packed": "{name} : {packed}/{expected}",
  "packer.good": "Emballé : {name}",
};
