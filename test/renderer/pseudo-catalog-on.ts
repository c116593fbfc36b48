import { useCatalog } from '../../app/common/messages/catalog';
import { pseudoCatalog, PSEUDO_LOCALE } from '../support/pseudo-locale';

useCatalog(pseudoCatalog(), PSEUDO_LOCALE);
