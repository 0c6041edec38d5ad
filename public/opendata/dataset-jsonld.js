// The public page's schema.org Dataset description: the latest release, when there is one (see
// dataset.js; the area profile page embeds its own, for its area and release).
import { embedDataset } from './dataset.js';

embedDataset().catch(() => {});
