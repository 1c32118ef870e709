import { useEffect, type RefObject } from 'react';

/**
 * Fits the setup column to the part of the window below its top, so its foot (validity and Start) is in view at any
 * scroll position: at the top of the page the header takes some of the window, once scrolled the column sticks under
 * the nav. Set on scroll, on resize and whenever the page's layout moves the column (the status bar filling in, a
 * banner), straight on the element (no React render).
 */
export function useFitToWindow(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const fit = () => {
      const element = ref.current;
      if (!element) return;
      if (getComputedStyle(element).position !== 'sticky') return void (element.style.maxHeight = '');
      element.style.maxHeight = `${Math.max(200, window.innerHeight - Math.max(0, element.getBoundingClientRect().top))}px`;
    };
    fit();
    window.addEventListener('scroll', fit, { passive: true });
    window.addEventListener('resize', fit);
    // what is above the column may change height without a scroll or resize (the header wraps once the adapter is known)
    const layout = new ResizeObserver(fit);
    layout.observe(document.body);
    return () => {
      window.removeEventListener('scroll', fit);
      window.removeEventListener('resize', fit);
      layout.disconnect();
    };
  }, [ref]);
}
