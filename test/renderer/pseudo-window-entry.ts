/** The window with the pseudo-locale switched on before any view is built (see pseudo-locale.test.ts). */
import './pseudo-catalog-on';
import '../../renderer/main';
