import { useEffect } from 'react';

/** Sets the browser tab title to "<page> · DânSố". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · DânSố` : 'DânSố';
  }, [title]);
}
