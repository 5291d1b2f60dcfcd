import { InMemoryDeliveryLedger } from '@vigil/delivery';
import { deliveryLedgerConformance } from './delivery-ledger.suite';

deliveryLedgerConformance('InMemoryDeliveryLedger', async () => ({ ledger: new InMemoryDeliveryLedger() }));
